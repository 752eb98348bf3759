import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CompletePasswordResetRequest, PASSWORD_MIN_LENGTH, PasswordResetView } from '@passerelle/shared/contracts';
import { AuthApi, SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage, FieldControl, FieldErrorMessages, FormFeedback, FormField, formatParisDateTime } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { normalizeSecondFactorCode, secondFactorCodeValidator } from '../mfa/mfa-codes';
import { checkConfirmation, CONFIRMATION_MESSAGES, NEW_PASSWORD_VALIDATORS, newPasswordMessages } from '../shared/new-password';

const MESSAGES: FieldErrorMessages = {
  password: newPasswordMessages('Choisissez un nouveau mot de passe.'),
  confirmation: CONFIRMATION_MESSAGES,
  code: {
    required: 'Saisissez le code de votre application ou un code de secours.',
    secondFactorCode: 'Le code à 6 chiffres de votre application, ou un code de secours au format xxxxx-xxxxx.',
  },
};

export const PASSWORD_RESET_DONE = 'Votre mot de passe a été modifié. Connectez-vous avec votre nouveau mot de passe.';

/**
 * The e-mailed link (single use, 1 hour): a new password, and the second
 * factor when the account has one. Every session ends; the person then logs in.
 */
@Component({
  selector: 'app-password-reset-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './password-reset-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordResetPage implements OnInit {
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';
  private readonly authApi = inject(AuthApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly routes = WEB_ROUTES;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly link = signal<PasswordResetView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly expiresLabel = signal('');
  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', NEW_PASSWORD_VALIDATORS],
    confirmation: ['', [Validators.required]],
    code: [{ value: '', disabled: true }, [Validators.required, secondFactorCodeValidator]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  async ngOnInit(): Promise<void> {
    try {
      const link = await firstValueFrom(this.authApi.passwordReset(this.token));
      if (link.mfaRequired) this.form.controls.code.enable();
      this.expiresLabel.set(formatParisDateTime(link.expiresAt));
      this.link.set(link);
    } catch (error) {
      this.loadError.set(error instanceof HttpErrorResponse ? apiErrorMessage(toApiError(error)) : 'Ce lien ne peut pas être ouvert pour le moment. Réessayez plus tard.');
    }
  }

  protected async submit(): Promise<void> {
    checkConfirmation(this.form.controls.password, this.form.controls.confirmation);
    if (!this.feedback.start()) return;
    const { password, code } = this.form.controls;
    const request: CompletePasswordResetRequest = { password: password.value };
    if (code.enabled) request.code = normalizeSecondFactorCode(code.value);
    try {
      await firstValueFrom(this.authApi.completePasswordReset(this.token, request));
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    // Every session ended, this browser's too.
    this.store.clear();
    this.store.announce(PASSWORD_RESET_DONE);
    await this.router.navigateByUrl(WEB_ROUTES.login);
  }
}
