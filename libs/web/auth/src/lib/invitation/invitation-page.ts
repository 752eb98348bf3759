import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { InvitationView, PASSWORD_MIN_LENGTH, SessionView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback, formatParisDateTime } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { checkConfirmation, CONFIRMATION_MESSAGES, NEW_PASSWORD_VALIDATORS, newPasswordMessages } from '../shared/new-password';

const MESSAGES: FieldErrorMessages = {
  password: newPasswordMessages('Choisissez un mot de passe.'),
  confirmation: CONFIRMATION_MESSAGES,
};

/**
 * A regulator's one-time link (72 h, single use): who it is for, then the
 * password; the session continues at the second-factor enrolment page.
 */
@Component({
  selector: 'app-invitation-page',
  imports: [ReactiveFormsModule, RouterLink],
  templateUrl: './invitation-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitationPage implements OnInit {
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';
  private readonly http = inject(HttpClient);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly routes = WEB_ROUTES;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly invitation = signal<InvitationView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly expiresLabel = signal('');
  protected readonly form = inject(FormBuilder).nonNullable.group({
    password: ['', NEW_PASSWORD_VALIDATORS],
    confirmation: ['', [Validators.required]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  async ngOnInit(): Promise<void> {
    try {
      const invitation = await firstValueFrom(this.http.get<InvitationView>(`/api/invitations/${encodeURIComponent(this.token)}`));
      this.invitation.set(invitation);
      this.expiresLabel.set(formatParisDateTime(invitation.expiresAt));
    } catch (error) {
      this.loadError.set(error instanceof HttpErrorResponse ? apiErrorMessage(toApiError(error)) : 'Ce lien ne peut pas être ouvert pour le moment. Réessayez plus tard.');
    }
  }

  protected async submit(): Promise<void> {
    checkConfirmation(this.form.controls.password, this.form.controls.confirmation);
    if (!this.feedback.start()) return;
    const { password } = this.form.getRawValue();
    let session: SessionView;
    try {
      session = await firstValueFrom(this.http.post<SessionView>(`/api/invitations/${encodeURIComponent(this.token)}/accept`, { password }));
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    this.feedback.done();
    this.store.establish(session);
    await this.router.navigateByUrl(this.store.nextUrl(session));
  }
}
