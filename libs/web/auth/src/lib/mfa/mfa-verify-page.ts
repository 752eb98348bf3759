import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { SessionView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  FieldErrorMessages,
  FormFeedback,
  FieldControl,
  FormField,
} from '@passerelle/web/ui';
import {
  normalizeRecoveryCode,
  normalizeTotpCode,
  recoveryCodeValidator,
  totpCodeValidator,
} from './mfa-codes';

type CodeKind = 'totp' | 'recovery';

const MESSAGES: FieldErrorMessages = {
  code: {
    required: 'Saisissez le code.',
    totpCode: 'Le code doit comporter 6 chiffres.',
    recoveryCode: 'Le code de secours a la forme xxxxx-xxxxx.',
  },
};

/** Second step of the login: the TOTP code, or one of the recovery codes. */
@Component({
  selector: 'app-mfa-verify-page',
  imports: [FormField, FieldControl, ReactiveFormsModule],
  templateUrl: './mfa-verify-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MfaVerifyPage {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly kind = signal<CodeKind>('totp');
  protected readonly leaving = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    code: ['', [Validators.required, totpCodeValidator]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected switchKind(): void {
    const kind: CodeKind = this.kind() === 'totp' ? 'recovery' : 'totp';
    const code = this.form.controls.code;
    code.setValidators([
      Validators.required,
      kind === 'totp' ? totpCodeValidator : recoveryCodeValidator,
    ]);
    code.reset('');
    this.feedback.done();
    this.kind.set(kind);
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLElement>('#mfa-code')
          ?.focus(),
      {
        injector: this.injector,
      },
    );
  }

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const raw = this.form.controls.code.value;
    const code =
      this.kind() === 'totp'
        ? normalizeTotpCode(raw)
        : normalizeRecoveryCode(raw);
    let session: SessionView;
    try {
      session = await this.store.verifyMfa(code);
    } catch (error) {
      this.feedback.fail(toApiError(error), '#mfa-code');
      return;
    }
    this.feedback.done();
    await this.router.navigateByUrl(this.store.nextUrl(session));
  }

  /** Gives up this login: the half-open session is closed on the server too. */
  protected async cancel(): Promise<void> {
    this.leaving.set(true);
    try {
      await this.store.logout();
    } catch {
      // The local session is gone either way; the server one expires on its own.
    }
    await this.router.navigateByUrl(WEB_ROUTES.login);
  }
}
