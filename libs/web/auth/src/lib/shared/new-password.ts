import { AbstractControl, Validators } from '@angular/forms';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '@passerelle/shared/contracts';

/** Client-side checks of a password being chosen (the API also checks common passwords). */
export const NEW_PASSWORD_VALIDATORS = [
  Validators.required,
  Validators.minLength(PASSWORD_MIN_LENGTH),
  Validators.maxLength(PASSWORD_MAX_LENGTH),
];

/** The French messages of {@link NEW_PASSWORD_VALIDATORS}. */
export function newPasswordMessages(required: string): Record<string, string> {
  return {
    required,
    minlength: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`,
    maxlength: `Le mot de passe doit comporter au plus ${PASSWORD_MAX_LENGTH} caractères.`,
  };
}

/** The French messages of a "type it again" field. */
export const CONFIRMATION_MESSAGES: Record<string, string> = {
  required: 'Saisissez le mot de passe une seconde fois.',
  mismatch: 'Les deux mots de passe sont différents.',
};

/** On submit: marks the confirmation as wrong when it differs from the password. */
export function checkConfirmation(password: AbstractControl<string>, confirmation: AbstractControl<string>): void {
  if (confirmation.value && password.value !== confirmation.value) {
    confirmation.setErrors({ mismatch: true });
  }
}
