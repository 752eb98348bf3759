import {
  afterNextRender,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { AbstractControl } from '@angular/forms';
import { ApiErrorBody } from '@passerelle/shared/contracts';
import { apiErrorMessage } from './api-error-message';

/** French message per field (request field name) and validator key ("required", "email" …). */
export type FieldErrorMessages = Record<string, Record<string, string>>;

/** Validator key under which the API's field errors are put on a control. */
export const SERVER_ERROR_KEY = 'server';

const FALLBACK_FIELD_MESSAGE = 'Valeur invalide.';

/**
 * What a form tells the person: errors under the fields (client validation and
 * the API's `fields`), one form-level message for a role="alert" region, and
 * whether a request is under way. Create it in a component field initializer
 * (it needs the injection context to move the focus).
 *
 * Field errors from the API are set on the control itself, so they disappear
 * as soon as the person edits the field.
 */
export class FormFeedback {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly submitted = signal(false);

  /** A request is under way: the submit button is disabled and says so. */
  readonly pending = signal(false);
  /** The form-level error, for the role="alert" region. */
  readonly alert = signal<string | null>(null);

  constructor(
    private readonly form: AbstractControl,
    private readonly messages: FieldErrorMessages,
  ) {}

  /** The control at `path`, for components that follow its events. */
  control(path: string): AbstractControl | null {
    return this.form.get(path);
  }

  /** The error to show under a field, once the person submitted or edited it. */
  fieldError(path: string): string | null {
    const control = this.form.get(path);
    const errors = control?.errors;
    if (!control || !errors) {
      return null;
    }
    const serverError = errors[SERVER_ERROR_KEY] as string | undefined;
    if (serverError) {
      return serverError;
    }
    if (!this.submitted() && !(control.touched && control.dirty)) {
      return null;
    }
    const key = Object.keys(errors)[0];
    return this.messages[path]?.[key] ?? FALLBACK_FIELD_MESSAGE;
  }

  invalid(path: string): boolean {
    return this.fieldError(path) !== null;
  }

  /** aria-describedby of a field: its hint, and its error while there is one. */
  describedBy(path: string, errorId: string, hintId?: string): string | null {
    const ids = [hintId, this.invalid(path) ? errorId : undefined].filter(
      (id): id is string => !!id,
    );
    return ids.length > 0 ? ids.join(' ') : null;
  }

  /**
   * To call on submit. False when the fields need fixing first (the focus then
   * goes to the first one in error); true when the request may go, and the
   * form is marked as pending.
   */
  start(): boolean {
    this.submitted.set(true);
    this.alert.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return false;
    }
    this.pending.set(true);
    return true;
  }

  /**
   * The API refused: field errors under their fields, the message in the alert.
   * The focus goes to the first field in error, else to `focusSelector` (the
   * submit button by default) so the keyboard is not sent back to the page top.
   */
  fail(error: ApiErrorBody, focusSelector = '[type="submit"]'): void {
    this.pending.set(false);
    const unmatched: string[] = [];
    let anyField = false;
    for (const [path, fieldMessages] of Object.entries(error.fields ?? {})) {
      const control = this.form.get(path);
      if (control) {
        control.setErrors({
          ...control.errors,
          [SERVER_ERROR_KEY]: fieldMessages.join(' '),
        });
        control.markAsTouched();
        anyField = true;
      } else {
        unmatched.push(...fieldMessages);
      }
    }
    this.alert.set([apiErrorMessage(error), ...unmatched].join(' '));
    this.focus(anyField ? '[aria-invalid="true"]' : focusSelector);
  }

  /** A form-level message not coming from the API. */
  showAlert(message: string): void {
    this.pending.set(false);
    this.alert.set(message);
  }

  /** The request succeeded: back to a fresh form. */
  done(): void {
    this.pending.set(false);
    this.submitted.set(false);
    this.alert.set(null);
  }

  private focusFirstInvalidField(): void {
    this.focus('[aria-invalid="true"]');
  }

  /** After the next render, so the field's aria-invalid and error are in place. */
  private focus(selector: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(),
      {
        injector: this.injector,
      },
    );
  }
}
