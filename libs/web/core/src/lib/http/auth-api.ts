import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AUTH_ROUTES,
  CompletePasswordResetRequest,
  LoginRequest,
  MfaCodeRequest,
  MfaEnrolmentResult,
  MfaEnrolmentStart,
  PasswordResetRequest,
  PasswordResetView,
  PatientRegistrationRequest,
  ReauthenticateRequest,
  SessionView,
} from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

/** The /api/auth routes, one method each; no state here (see SessionStore). */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  session(): Observable<SessionView> {
    return this.http.get<SessionView>(AUTH_ROUTES.session);
  }

  login(request: LoginRequest): Observable<SessionView> {
    return this.http.post<SessionView>(AUTH_ROUTES.login, request);
  }

  verifyMfa(request: MfaCodeRequest): Observable<SessionView> {
    return this.http.post<SessionView>(AUTH_ROUTES.mfaVerify, request);
  }

  startMfaEnrolment(): Observable<MfaEnrolmentStart> {
    return this.http.post<MfaEnrolmentStart>(AUTH_ROUTES.mfaEnrolment, {});
  }

  confirmMfaEnrolment(request: MfaCodeRequest): Observable<MfaEnrolmentResult> {
    return this.http.post<MfaEnrolmentResult>(
      AUTH_ROUTES.mfaEnrolmentConfirm,
      request,
    );
  }

  reauthenticate(request: ReauthenticateRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.reauthenticate, request);
  }

  register(request: PatientRegistrationRequest): Observable<SessionView> {
    return this.http.post<SessionView>(AUTH_ROUTES.register, request);
  }

  /** Answered the same whether the account exists or not. */
  requestPasswordReset(request: PasswordResetRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.passwordReset, request);
  }

  passwordReset(token: string): Observable<PasswordResetView> {
    return this.http.get<PasswordResetView>(AUTH_ROUTES.passwordResetLink(token));
  }

  completePasswordReset(token: string, request: CompletePasswordResetRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.passwordResetLink(token), request);
  }

  logout(): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.logout, {});
  }

  logoutEverywhere(): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.logoutEverywhere, {});
  }
}
