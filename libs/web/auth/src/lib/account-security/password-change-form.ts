import {
  ChangeDetectionStrategy,
  Component,
  inject,
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
import { AccountApi, hasApiErrorCode, toApiError } from '@passerelle/web/core';
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

/** The new password, once the identity was confirmed (see ReauthenticationForm). */
@Component({
  selector: 'app-password-change-form',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './password-change-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordChangeForm {
  private readonly accountApi = inject(AccountApi);

  readonly changed = output<void>();
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
    try {
      await firstValueFrom(
        this.accountApi.changePassword({
          newPassword: this.form.controls.newPassword.value,
        }),
      );
    } catch (error) {
      if (hasApiErrorCode(error, API_ERROR_CODES.reauthenticationRequired)) {
        this.feedback.done();
        this.reauthenticationRequired.emit();
        return;
      }
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    this.form.reset();
    this.changed.emit();
  }
}
