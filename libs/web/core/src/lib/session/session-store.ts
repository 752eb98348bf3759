import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import {
  LoginRequest,
  PatientRegistrationRequest,
  ROLE_HOME,
  ROLE_LABELS,
  SessionView,
} from '@passerelle/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from '../http/auth-api';
import { WEB_ROUTES } from '../navigation/web-routes';

export const SESSION_EXPIRED_MESSAGE =
  'Votre session a expiré, veuillez vous reconnecter.';
export const LOGGED_OUT_EVERYWHERE_MESSAGE =
  'Vous avez été déconnecté de tous vos appareils.';

/**
 * The signed-in account as the API sees it. The session itself lives in an
 * HttpOnly cookie; this store only mirrors the SessionView the API returns.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly authApi = inject(AuthApi);

  private readonly current = signal<SessionView | null>(null);
  private readonly notice = signal<string | null>(null);
  private returnUrl: string | null = null;

  readonly session = this.current.asReadonly();
  /** A message for the login page, e.g. after the session expired. */
  readonly loginNotice = this.notice.asReadonly();
  readonly stage = computed(() => this.current()?.stage ?? null);
  readonly isAuthenticated = computed(() => this.stage() === 'authenticated');
  /** The account once fully signed in (second factor included), else null. */
  readonly account = computed(() =>
    this.isAuthenticated() ? (this.current()?.account ?? null) : null,
  );
  readonly role = computed(() => this.account()?.role ?? null);
  readonly roleLabel = computed(() => {
    const role = this.role();
    return role ? ROLE_LABELS[role] : null;
  });
  readonly home = computed(() => {
    const role = this.role();
    return role ? ROLE_HOME[role] : WEB_ROUTES.login;
  });

  /** At start-up: who is signed in, if anyone. Never fails: no session is a valid answer. */
  async restore(): Promise<void> {
    try {
      this.current.set(await firstValueFrom(this.authApi.session()));
    } catch (error) {
      // 401 is the normal answer for a visitor; a network failure leaves the app usable as anonymous.
      if (!(error instanceof HttpErrorResponse)) {
        throw error;
      }
      this.current.set(null);
    }
  }

  async login(request: LoginRequest): Promise<SessionView> {
    return this.establish(await firstValueFrom(this.authApi.login(request)));
  }

  async verifyMfa(code: string): Promise<SessionView> {
    return this.establish(
      await firstValueFrom(this.authApi.verifyMfa({ code })),
    );
  }

  async register(request: PatientRegistrationRequest): Promise<SessionView> {
    return this.establish(await firstValueFrom(this.authApi.register(request)));
  }

  /** Records a session the API returned (login, second factor, enrolment). */
  establish(session: SessionView): SessionView {
    this.current.set(session);
    this.notice.set(null);
    return session;
  }

  /** Ends the session server-side; locally it ends whatever the API answers. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.authApi.logout());
    } finally {
      this.clear();
    }
  }

  async logoutEverywhere(): Promise<void> {
    await firstValueFrom(this.authApi.logoutEverywhere());
    this.clear();
    this.notice.set(LOGGED_OUT_EVERYWHERE_MESSAGE);
  }

  /** A message for the next visit of the login page (e.g. "password changed, log in"). */
  announce(message: string): void {
    this.notice.set(message);
  }

  /** The API said the session is gone (idle or absolute expiry, revoked elsewhere). */
  expire(): void {
    this.clear();
    this.notice.set(SESSION_EXPIRED_MESSAGE);
  }

  clear(): void {
    this.current.set(null);
    this.returnUrl = null;
  }

  /** Where a guard stopped an anonymous visitor, to go back there after login. */
  rememberReturnUrl(url: string): void {
    this.returnUrl = isSafeReturnUrl(url) ? url : null;
  }

  /** Where the login goes next once the API answered this session. */
  nextUrl(session: SessionView): string {
    switch (session.stage) {
      case 'mfa-required':
        return WEB_ROUTES.mfaVerify;
      case 'mfa-enrolment-required':
        return WEB_ROUTES.mfaEnrolment;
      case 'authenticated': {
        const returnUrl = this.returnUrl;
        this.returnUrl = null;
        return returnUrl ?? ROLE_HOME[session.account.role];
      }
    }
  }
}

/** Only paths of this app: never another origin ("//evil.example"), never back to the login. */
function isSafeReturnUrl(url: string): boolean {
  return (
    url.startsWith('/') &&
    !url.startsWith('//') &&
    !url.startsWith(WEB_ROUTES.login)
  );
}
