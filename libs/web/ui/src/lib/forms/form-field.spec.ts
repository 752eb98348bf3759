import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { FieldControl, FormField } from './form-field';
import { FormFeedback } from './form-feedback';

@Component({
  imports: [ReactiveFormsModule, FormField, FieldControl],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form">
      <app-field
        [feedback]="feedback"
        path="email"
        fieldId="f-email"
        label="Adresse e-mail"
        hint="nom@domaine.fr"
      >
        <input class="input" formControlName="email" appFieldControl />
      </app-field>
    </form>
  `,
})
class HostForm {
  readonly form = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required],
    }),
  });
  readonly feedback = new FormFeedback(this.form, {
    email: { required: 'Saisissez votre adresse e-mail.' },
  });
}

describe('app-field', () => {
  function render() {
    const fixture = TestBed.createComponent(HostForm);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement;
    return {
      fixture,
      element,
      input: element.querySelector('input') as HTMLInputElement,
    };
  }

  it('labels the control and describes it by its hint', () => {
    const { element, input } = render();
    expect(input.id).toBe('f-email');
    expect(element.querySelector('label')?.getAttribute('for')).toBe('f-email');
    expect(input.getAttribute('aria-describedby')).toBe('f-email-hint');
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows the French error after submit and links it to the control, then clears it when fixed', async () => {
    const { fixture, element, input } = render();
    fixture.componentInstance.feedback.start();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(element.querySelector('#f-email-error')?.textContent).toContain(
      'Saisissez votre adresse e-mail.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(
      'f-email-hint f-email-error',
    );

    input.value = 'marie@exemple.fr';
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    expect(element.querySelector('#f-email-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows an error the API sent for the field', () => {
    const { fixture, element } = render();
    fixture.componentInstance.form.setValue({ email: 'marie@exemple.fr' });
    fixture.componentInstance.feedback.start();
    fixture.componentInstance.feedback.fail({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Données invalides.',
      fields: { email: ['Adresse déjà utilisée.'] },
    });
    fixture.detectChanges();
    expect(element.querySelector('#f-email-error')?.textContent).toContain(
      'Adresse déjà utilisée.',
    );
  });
});
