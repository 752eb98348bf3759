import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  output,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  PASSWORD_MAX_LENGTH,
  ReauthenticateRequest,
} from '@passerelle/shared/contracts';
import { AuthApi, toApiError } from '@passerelle/web/core';
import {
  FieldErrorMessages,
  FormFeedback,
  FormField,
  FieldControl,
} from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { normalizeTotpCode, totpCodeValidator } from '../mfa/mfa-codes';

const MESSAGES: FieldErrorMessages = {
  password: {
    required: 'Saisissez votre mot de passe actuel.',
    maxlength: 'Mot de passe trop long.',
  },
  code: {
    required: 'Saisissez le code de votre application.',
    totpCode: 'Le code doit comporter 6 chiffres.',
  },
};

/**
 * Sensitive changes need a recent proof of identity (the API accepts them for
 * a few minutes after POST /api/auth/reauthenticate).
 */
@Component({
  selector: 'app-reauthentication-form',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './reauthentication-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReauthenticationForm implements OnInit {
  private readonly authApi = inject(AuthApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** With a second factor, the API also wants a code. */
  readonly mfaEnabled = input.required<boolean>();
  /** Why the person is asked again (e.g. the previous confirmation expired). */
  readonly reason = input<string | null>(null);
  /** Emits the password the API just checked (in memory only: it may protect a messaging key). */
  readonly confirmed = output<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: [
      '',
      [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)],
    ],
    code: ['', [Validators.required, totpCodeValidator]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  ngOnInit(): void {
    if (!this.mfaEnabled()) {
      this.form.controls.code.disable();
    }
    if (this.reason()) {
      afterNextRender(
        () =>
          this.host.nativeElement
            .querySelector<HTMLElement>('#reauth-password')
            ?.focus(),
        {
          injector: this.injector,
        },
      );
    }
  }

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const { password, code } = this.form.controls;
    const request: ReauthenticateRequest = { password: password.value };
    if (code.enabled) {
      request.code = normalizeTotpCode(code.value);
    }
    try {
      await firstValueFrom(this.authApi.reauthenticate(request));
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    this.form.reset();
    this.confirmed.emit(request.password);
  }
}
