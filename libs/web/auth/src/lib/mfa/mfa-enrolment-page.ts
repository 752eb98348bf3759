import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  API_ERROR_CODES,
  MfaEnrolmentResult,
  MfaEnrolmentStart,
} from '@passerelle/shared/contracts';
import {
  AuthApi,
  SessionStore,
  toApiError,
  WEB_ROUTES,
} from '@passerelle/web/core';
import {
  apiErrorMessage,
  FieldErrorMessages,
  FormFeedback,
  FieldControl,
  FormField,
} from '@passerelle/web/ui';
import { toDataURL } from 'qrcode';
import { firstValueFrom } from 'rxjs';
import { groupSecret, normalizeTotpCode, totpCodeValidator } from './mfa-codes';

const MESSAGES: FieldErrorMessages = {
  code: {
    required: 'Saisissez le code affiché par l\u2019application.',
    totpCode: 'Le code doit comporter 6 chiffres.',
  },
};

/** Shown instead of the API's message when the enrolment needs a recent password. */
const REAUTHENTICATION_MESSAGE =
  'Veuillez confirmer votre mot de passe avant d\u2019activer la double authentification.';

/**
 * Sets up the second factor: mandatory for professionals at their first login
 * (stage mfa-enrolment-required), optional for patients from the account
 * security page. Ends on the recovery codes, shown once.
 */
@Component({
  selector: 'app-mfa-enrolment-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './mfa-enrolment-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MfaEnrolmentPage implements OnInit {
  private readonly authApi = inject(AuthApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly routes = WEB_ROUTES;
  protected readonly enrolment = signal<MfaEnrolmentStart | null>(null);
  protected readonly qrCode = signal<string | null>(null);
  protected readonly startError = signal<string | null>(null);
  protected readonly needsReauthentication = signal(false);
  protected readonly result = signal<MfaEnrolmentResult | null>(null);
  protected readonly copyStatus = signal('');
  protected readonly leaving = signal(false);
  /** A professional at their first login may give up; an account already signed in just navigates away. */
  protected readonly canCancel = computed(
    () => this.store.stage() === 'mfa-enrolment-required',
  );
  protected readonly groupedSecret = computed(() =>
    groupSecret(this.enrolment()?.secret ?? ''),
  );

  protected readonly form = inject(FormBuilder).nonNullable.group({
    code: ['', [Validators.required, totpCodeValidator]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  ngOnInit(): void {
    void this.start();
  }

  protected async start(): Promise<void> {
    this.startError.set(null);
    this.needsReauthentication.set(false);
    try {
      const enrolment = await firstValueFrom(this.authApi.startMfaEnrolment());
      this.qrCode.set(
        await toDataURL(enrolment.otpauthUri, {
          margin: 2,
          width: 220,
          errorCorrectionLevel: 'M',
        }),
      );
      this.enrolment.set(enrolment);
    } catch (error) {
      const apiError = toApiError(error);
      const reauthenticate =
        apiError.code === API_ERROR_CODES.reauthenticationRequired;
      this.needsReauthentication.set(reauthenticate);
      this.startError.set(
        reauthenticate ? REAUTHENTICATION_MESSAGE : apiErrorMessage(apiError),
      );
    }
  }

  protected async confirm(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    try {
      const code = normalizeTotpCode(this.form.controls.code.value);
      this.result.set(
        await firstValueFrom(this.authApi.confirmMfaEnrolment({ code })),
      );
      this.feedback.done();
    } catch (error) {
      this.feedback.fail(toApiError(error), '#enrolment-code');
    }
  }

  protected async copyCodes(codes: string[]): Promise<void> {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      this.copyStatus.set('Codes copiés dans le presse-papiers.');
    } catch {
      this.copyStatus.set(
        'La copie a échoué : sélectionnez les codes pour les copier.',
      );
    }
  }

  protected printCodes(): void {
    window.print();
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

  /** The session becomes fully signed in only now, so the codes are not skipped by accident. */
  protected async acknowledge(result: MfaEnrolmentResult): Promise<void> {
    const session = this.store.establish(result.session);
    await this.router.navigateByUrl(this.store.nextUrl(session));
  }
}
