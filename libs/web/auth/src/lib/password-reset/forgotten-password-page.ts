import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { LoginSpace, PASSWORD_RESET_VALIDITY_MINUTES } from '@passerelle/shared/contracts';
import { AuthApi, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { FieldControl, FormFeedback, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { ACCOUNT_IDENTIFIER_MESSAGES } from '../shared/account-identifier';

/**
 * "Mot de passe oublié ?": the same answer whether an account exists or not
 * (the API says nothing more); the link arrives by e-mail.
 */
@Component({
  selector: 'app-forgotten-password-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './forgotten-password-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgottenPasswordPage {
  private readonly authApi = inject(AuthApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly routes = WEB_ROUTES;
  protected readonly validityMinutes = PASSWORD_RESET_VALIDITY_MINUTES;
  /** The address the request was made for, once answered. */
  protected readonly sentTo = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    space: [(inject(ActivatedRoute).snapshot.queryParamMap.get('espace') === 'pro' ? 'pro' : 'patient') as LoginSpace, Validators.required],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly feedback = new FormFeedback(this.form, ACCOUNT_IDENTIFIER_MESSAGES);

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) return;
    const { space, email } = this.form.getRawValue();
    try {
      await firstValueFrom(this.authApi.requestPasswordReset({ space, email: email.trim() }));
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    this.sentTo.set(email.trim());
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#reset-sent')?.focus(), { injector: this.injector });
  }

  protected again(): void {
    this.sentTo.set(null);
  }
}
