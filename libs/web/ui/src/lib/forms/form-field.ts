import {
  ChangeDetectionStrategy,
  Component,
  computed,
  Directive,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { FormFeedback } from './form-feedback';

/**
 * One labelled form field: the label, an optional hint, the projected control
 * and its error message, wired for screen readers (the control gets its id,
 * `aria-invalid` and `aria-describedby` from {@link FieldControl}).
 *
 *   <app-field [feedback]="feedback" path="email" fieldId="login-email" label="Adresse e-mail">
 *     <input class="input" appFieldControl formControlName="email" type="email" />
 *   </app-field>
 *
 * The projected control's events mark the host page dirty, not this OnPush
 * component: the error follows the control's own `events` instead.
 */
@Component({
  selector: 'app-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'field', '[class.field--compact]': 'compact()' },
  template: `
    <label class="label" [attr.for]="fieldId()">{{ label() }}</label>
    @if (hint(); as text) {
      <p class="hint" [id]="hintId()">{{ text }}</p>
    }
    <ng-content />
    @if (error(); as message) {
      <p class="field-error" [id]="errorId()">
        <span class="visually-hidden">Erreur : </span>{{ message }}
      </p>
    }
  `,
})
export class FormField {
  readonly feedback = input.required<FormFeedback>();
  /** The control's path in the form group, as `FormFeedback` knows it. */
  readonly path = input.required<string>();
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string>();
  readonly compact = input(false);

  private readonly controlEvents = signal(0);
  /** The message under the field (client validation or the API's), if any. */
  readonly error = computed(() => {
    this.controlEvents();
    return this.feedback().fieldError(this.path());
  });

  constructor() {
    effect((onCleanup) => {
      const subscription = this.feedback()
        .control(this.path())
        ?.events.subscribe(() => this.controlEvents.update((n) => n + 1));
      onCleanup(() => subscription?.unsubscribe());
    });
  }

  errorId(): string {
    return `${this.fieldId()}-error`;
  }

  hintId(): string | undefined {
    return this.hint() ? `${this.fieldId()}-hint` : undefined;
  }

  invalid(): boolean {
    return this.error() !== null;
  }

  describedBy(): string | null {
    return this.feedback().describedBy(
      this.path(),
      this.errorId(),
      this.hintId(),
    );
  }
}

/** The input, select or textarea inside a `app-field`. */
@Directive({
  selector: '[appFieldControl]',
  host: {
    '[id]': 'field.fieldId()',
    '[attr.aria-invalid]': "field.invalid() ? 'true' : null",
    '[attr.aria-describedby]': 'field.describedBy()',
  },
})
export class FieldControl {
  protected readonly field = inject(FormField);
}
