import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { LoginSecret, SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  FieldErrorMessages,
  FormFeedback,
  FormField,
  FieldControl,
} from '@passerelle/web/ui';
import {
  LoginSpace,
  PASSWORD_MAX_LENGTH,
  SessionView,
} from '@passerelle/shared/contracts';
import { ACCOUNT_IDENTIFIER_MESSAGES } from '../shared/account-identifier';

const MESSAGES: FieldErrorMessages = {
  ...ACCOUNT_IDENTIFIER_MESSAGES,
  password: {
    required: 'Saisissez votre mot de passe.',
    maxlength: 'Mot de passe trop long.',
  },
};

@Component({
  selector: 'app-login-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './login-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly loginSecret = inject(LoginSecret);

  protected readonly routes = WEB_ROUTES;
  protected readonly notice = this.store.loginNotice;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    space: ['patient' as LoginSpace, Validators.required],
    email: [
      '',
      [Validators.required, Validators.email, Validators.maxLength(254)],
    ],
    password: [
      '',
      [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)],
    ],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const { space, email, password } = this.form.getRawValue();
    let session: SessionView;
    try {
      session = await this.store.login({
        space,
        email: email.trim(),
        password,
      });
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    // In memory only, for the messaging keys (unlocked or created once signed in).
    this.loginSecret.keep(password);
    this.feedback.done();
    await this.router.navigateByUrl(this.store.nextUrl(session));
  }
}
