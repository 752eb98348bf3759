import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { PASSWORD_MAX_LENGTH } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { FieldControl, FormFeedback, FormField } from '@passerelle/web/ui';
import { MESSAGING_PAGES } from '../messaging-paths';
import { KeyRecoveryNeeded, MessagingKeyring, WrongKeyPassword } from './messaging-keyring';
import { messagingHome, safeReturn } from './safe-return';

/** After a reload the keys are gone from memory: the account's password unlocks them again. */
@Component({
  selector: 'app-messaging-unlock-page',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './unlock-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnlockPage {
  private readonly keyring = inject(MessagingKeyring);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)]],
  });
  protected readonly feedback = new FormFeedback(this.form, {
    password: { required: 'Saisissez votre mot de passe.', maxlength: 'Mot de passe trop long.' },
  });

  protected async submit(): Promise<void> {
    const account = this.session.account();
    if (!account || !this.feedback.start()) return;
    const back = safeReturn(this.router.parseUrl(this.router.url).queryParams['retour']);
    try {
      await this.keyring.unlock(account, this.form.getRawValue().password);
    } catch (error) {
      this.form.reset();
      if (error instanceof KeyRecoveryNeeded) {
        this.feedback.done();
        await this.router.navigate([MESSAGING_PAGES.keyRecovery], { queryParams: back ? { retour: back } : {} });
        return;
      }
      if (error instanceof WrongKeyPassword) {
        this.feedback.showAlert(error.message);
      } else {
        this.feedback.fail(toApiError(error));
      }
      return;
    }
    this.feedback.done();
    await this.router.navigateByUrl(back ?? messagingHome(account.role));
  }
}
