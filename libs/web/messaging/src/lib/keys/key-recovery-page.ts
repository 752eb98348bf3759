import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { PASSWORD_MAX_LENGTH } from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { FieldControl, FormFeedback, FormField } from '@passerelle/web/ui';
import { KeyRestoration, MessagingKeyring, WrongKeyPassword, WrongRecoverySecret } from './messaging-keyring';
import { messagingHome, safeReturn } from './safe-return';

type PageState = 'checking' | 'nothing-to-do' | 'recovery' | 'error';

/**
 * After a password reset the stored private key is still protected by the
 * old password. With the password just checked at login, the person
 * restores the key with the printed recovery kit or
 * the old password — the history reads again — or, with neither, creates a
 * new key pair, knowing that old messages stay readable by the practice only.
 */
@Component({
  selector: 'app-key-recovery-page',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './key-recovery-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyRecoveryPage implements OnInit {
  private readonly keyring = inject(MessagingKeyring);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly state = signal<PageState>('checking');
  protected readonly isPatient = computed(() => this.session.account()?.role === 'PATIENT');
  protected readonly passwordKnown = this.keyring.recoveryPasswordKnown;
  protected readonly kitExists = this.keyring.recoveryKitExists;
  /** One operation at a time (each derives keys for a second or two). */
  protected readonly busy = signal(false);
  protected readonly status = signal('');

  protected readonly kitForm = this.fb.group({ recoverySecret: ['', [Validators.required, Validators.maxLength(60)]] });
  protected readonly kitFeedback = new FormFeedback(this.kitForm, {
    recoverySecret: { required: 'Saisissez le code de votre kit de secours.', maxlength: 'Code trop long : 32 caractères, par groupes de 4.' },
  });
  protected readonly oldPasswordForm = this.fb.group({ oldPassword: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)]] });
  protected readonly oldPasswordFeedback = new FormFeedback(this.oldPasswordForm, {
    oldPassword: { required: 'Saisissez votre ancien mot de passe.', maxlength: 'Mot de passe trop long.' },
  });
  protected readonly newKeyForm = this.fb.group({ understood: [false, Validators.requiredTrue] });
  protected readonly newKeyFeedback = new FormFeedback(this.newKeyForm, {
    understood: { required: 'Cochez la case pour confirmer que vous avez compris.' },
  });

  async ngOnInit(): Promise<void> {
    try {
      this.state.set((await this.keyring.checkRecovery()) ? 'recovery' : 'nothing-to-do');
    } catch {
      this.state.set('error');
    }
  }

  /**
   * The tab was reloaded: the password typed at login is gone, and one typed
   * here could be mistyped — the key would then be locked again. Signing in
   * once more gives a password the API checked; the recovery goes on after.
   */
  protected async signInAgain(): Promise<void> {
    const back = this.returnUrl();
    await this.session.logout();
    this.session.rememberReturnUrl(back);
    await this.router.navigateByUrl(WEB_ROUTES.login);
  }

  protected async restoreWithKit(): Promise<void> {
    if (this.kitFeedback.start()) await this.restore(this.kitFeedback, { recoverySecret: this.kitForm.getRawValue().recoverySecret });
  }

  protected async restoreWithOldPassword(): Promise<void> {
    if (this.oldPasswordFeedback.start()) await this.restore(this.oldPasswordFeedback, { oldPassword: this.oldPasswordForm.getRawValue().oldPassword });
  }

  protected async createNewKey(): Promise<void> {
    const account = this.session.account();
    if (!account || !this.newKeyFeedback.start()) return;
    await this.run(this.newKeyFeedback, 'Création de votre nouvelle clé…', () => this.keyring.replaceKey(account));
  }

  protected async continue(): Promise<void> {
    // A patient's new key comes with a new recovery kit: shown first (the guard of the next page sends there).
    await this.router.navigateByUrl(this.returnUrl());
  }

  private returnUrl(): string {
    return safeReturn(this.router.parseUrl(this.router.url).queryParams['retour']) ?? messagingHome(this.session.account()?.role ?? 'PATIENT');
  }

  private async restore(feedback: FormFeedback, via: KeyRestoration): Promise<void> {
    const account = this.session.account();
    if (!account) return;
    await this.run(feedback, 'Rétablissement de votre messagerie…', () => this.keyring.restore(account, via));
  }

  private async run(feedback: FormFeedback, progress: string, operation: () => Promise<void>): Promise<void> {
    if (this.busy()) {
      feedback.showAlert('Une opération est déjà en cours : patientez quelques secondes.');
      return;
    }
    this.busy.set(true);
    this.status.set(progress);
    try {
      await operation();
    } catch (error) {
      this.status.set('');
      if (error instanceof WrongRecoverySecret || error instanceof WrongKeyPassword) feedback.showAlert(error.message);
      else feedback.fail(toApiError(error));
      return;
    } finally {
      this.busy.set(false);
    }
    feedback.done();
    this.status.set('Votre messagerie est rétablie.');
    await this.continue();
  }
}

