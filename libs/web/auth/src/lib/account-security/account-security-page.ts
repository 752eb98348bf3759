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
  protected readonly identityConfirmed = signal(false);
  protected readonly reauthenticationReason = signal<string | null>(null);
  protected readonly passwordChanged = signal(false);

  protected onIdentityConfirmed(): void {
    this.reauthenticationReason.set(null);
    this.identityConfirmed.set(true);
  }

  protected onPasswordChanged(): void {
    this.passwordChanged.set(true);
  }

  protected onReauthenticationRequired(): void {
    this.passwordChanged.set(false);
    this.identityConfirmed.set(false);
    this.reauthenticationReason.set(REAUTHENTICATION_EXPIRED);
  }
}
