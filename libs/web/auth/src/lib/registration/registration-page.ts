import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH, SessionView } from '@passerelle/shared/contracts';
import {
  NEW_PASSWORD_VALIDATORS,
  newPasswordMessages,
} from '../shared/new-password';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  FieldErrorMessages,
  FormFeedback,
  FormField,
  FieldControl,
} from '@passerelle/web/ui';

const MESSAGES: FieldErrorMessages = {
  firstName: {
    required: 'Saisissez votre prénom.',
    maxlength: 'Prénom trop long (100 caractères au plus).',
  },
  lastName: {
    required: 'Saisissez votre nom de famille.',
    maxlength: 'Nom trop long (100 caractères au plus).',
  },
  email: {
    required: 'Saisissez votre adresse e-mail.',
    email: 'Adresse e-mail invalide (exemple : nom@domaine.fr).',
    maxlength: 'Adresse e-mail trop longue.',
  },
  password: newPasswordMessages('Choisissez un mot de passe.'),
};

/** Patients open their own account; professionals are invited. */
@Component({
  selector: 'app-registration-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './registration-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegistrationPage {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly routes = WEB_ROUTES;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    firstName: ['', [Validators.required, Validators.maxLength(100)]],
    lastName: ['', [Validators.required, Validators.maxLength(100)]],
    email: [
      '',
      [Validators.required, Validators.email, Validators.maxLength(254)],
    ],
    password: ['', NEW_PASSWORD_VALIDATORS],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const { firstName, lastName, email, password } = this.form.getRawValue();
    let session: SessionView;
    try {
      session = await this.store.register({
        firstName: firstName.trim(),
        lastName: lastName.trim(),
        email: email.trim(),
        password,
      });
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    await this.router.navigateByUrl(this.store.nextUrl(session));
  }
}
