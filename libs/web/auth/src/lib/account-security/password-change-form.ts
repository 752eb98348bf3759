import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  output,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import {
  API_ERROR_CODES,
  PASSWORD_MIN_LENGTH,
} from '@passerelle/shared/contracts';
import {
  NEW_PASSWORD_VALIDATORS,
  newPasswordMessages,
} from '../shared/new-password';
import {
  AccountApi,
  hasApiErrorCode,
  SessionStore,
  toApiError,
} from '@passerelle/web/core';
import {
  AccountKeyProtection,
  KeyNotOpenedByPassword,
} from './account-key-protection';
import {
  FieldErrorMessages,
  FormFeedback,
  FormField,
  FieldControl,
} from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';

const MESSAGES: FieldErrorMessages = {
  newPassword: newPasswordMessages('Choisissez un nouveau mot de passe.'),
};

/**
 * The new password, once the identity was confirmed (see
 * ReauthenticationForm). With messaging keys, the private key is protected
 * by the new password here and sent along (one transaction in the API).
 */
@Component({
  selector: 'app-password-change-form',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './password-change-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordChangeForm {
  private readonly accountApi = inject(AccountApi);
  private readonly keyProtection = inject(AccountKeyProtection);
  private readonly session = inject(SessionStore);

  /** The password confirmed just before (it opens the messaging key). */
  readonly currentPassword = input.required<string>();
  /** Emits the new password (it now opens the messaging key, for a further change). */
  readonly changed = output<string>();
  /** The confirmation expired in the meantime: the page asks for it again. */
  readonly reauthenticationRequired = output<void>();

  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    newPassword: ['', NEW_PASSWORD_VALIDATORS],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const newPassword = this.form.controls.newPassword.value;
    const role = this.session.account()?.role;
    try {
      const newKeyProtection = role
        ? await this.keyProtection.forNewPassword(
            role,
            this.currentPassword(),
            newPassword,
          )
        : undefined;
      await firstValueFrom(
        this.accountApi.changePassword({
          newPassword,
          ...(newKeyProtection ? { newKeyProtection } : {}),
        }),
      );
    } catch (error) {
      if (hasApiErrorCode(error, API_ERROR_CODES.reauthenticationRequired)) {
        this.feedback.done();
        this.reauthenticationRequired.emit();
        return;
      }
      if (error instanceof KeyNotOpenedByPassword) {
        this.feedback.showAlert(error.message);
        return;
      }
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    this.form.reset();
    this.changed.emit(newPassword);
  }
}
