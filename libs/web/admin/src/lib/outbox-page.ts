import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { OutboxEmailView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, formatParisDateTime } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AdminApi } from './admin-api';

/** The e-mails the embedded transport kept (no SMTP configured), newest first. */
@Component({
  selector: 'app-outbox-page',
  template: `
    <div class="page">
      <h1>E-mails envoyés</h1>
      <p class="hint">
        Sans serveur SMTP (variable <code>SMTP_URL</code>), les e-mails de Passerelle restent ici : transmettez-les à leur destinataire. Ils ne contiennent
        jamais de donnée de santé, mais un lien d’activation est personnel.
      </p>
      <p><button type="button" class="button button--small" (click)="load()" [disabled]="loading()">Actualiser</button></p>
      <p class="visually-hidden" role="status" aria-live="polite">{{ status() }}</p>
      @if (error(); as message) {
        <div class="alert alert--error" role="alert">{{ message }}</div>
      }
      @if (emails().length === 0 && !loading() && !error()) {
        <p class="muted">Aucun e-mail pour le moment.</p>
      }
      <ul class="card-list">
        @for (email of emails(); track email.id) {
          <li class="card card--compact">
            <h2 class="h3">{{ email.subject }}</h2>
            <p class="muted">À {{ email.to }} — {{ when(email) }}</p>
            <details>
              <summary>Lire le message<span class="visually-hidden"> « {{ email.subject }} » à {{ email.to }}</span></summary>
              <pre class="mail-text">{{ email.text }}</pre>
            </details>
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .mail-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxPage implements OnInit {
  private readonly api = inject(AdminApi);
  protected readonly emails = signal<OutboxEmailView[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');

  ngOnInit(): Promise<void> {
    return this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const emails = await firstValueFrom(this.api.outbox());
      this.emails.set(emails);
      this.status.set(`${emails.length} e-mail${emails.length > 1 ? 's' : ''} affiché${emails.length > 1 ? 's' : ''}.`);
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.loading.set(false);
    }
  }

  protected when(email: OutboxEmailView): string {
    return formatParisDateTime(email.createdAt);
  }
}
