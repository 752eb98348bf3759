import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore, WEB_ROUTES } from '@passerelle/web/core';
import { ActiveSessionsPanel } from './active-sessions-panel';
import { PasswordChangeForm } from './password-change-form';
import { ReauthenticationForm } from './reauthentication-form';

const REAUTHENTICATION_EXPIRED = 'Veuillez confirmer votre mot de passe.';

/** Active sessions, password change and second factor, for every role. */
@Component({
  selector: 'app-account-security-page',
  imports: [
    RouterLink,
    ActiveSessionsPanel,
    ReauthenticationForm,
    PasswordChangeForm,
  ],
  templateUrl: './account-security-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountSecurityPage {
  private readonly store = inject(SessionStore);

  protected readonly routes = WEB_ROUTES;
  protected readonly mfaEnabled = computed(
    () => this.store.account()?.mfaEnabled ?? false,
  );
  /** The password just confirmed, in memory while the change form is shown (it re-protects the messaging key). */
  protected readonly confirmedPassword = signal<string | null>(null);
  protected readonly identityConfirmed = computed(() => this.confirmedPassword() !== null);
  protected readonly reauthenticationReason = signal<string | null>(null);
  protected readonly passwordChanged = signal(false);

  protected onIdentityConfirmed(password: string): void {
    this.reauthenticationReason.set(null);
    this.confirmedPassword.set(password);
  }

  protected onPasswordChanged(newPassword: string): void {
    this.passwordChanged.set(true);
    this.confirmedPassword.set(newPassword);
  }

  protected onReauthenticationRequired(): void {
    this.passwordChanged.set(false);
    this.confirmedPassword.set(null);
    this.reauthenticationReason.set(REAUTHENTICATION_EXPIRED);
  }
}
