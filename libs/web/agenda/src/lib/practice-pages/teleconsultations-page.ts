import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AppointmentView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';
import { appointmentTimeLabel, statusLabel } from '../shared/agenda-labels';

/** Past video visits not paid yet come first, in red, until someone marks them paid. */
export function isUnpaidPast(appointment: AppointmentView, now = Date.now()): boolean {
  return appointment.status !== 'CANCELLED' && appointment.paymentStatus !== 'PAID' && Date.parse(appointment.start) < now;
}

/** Teleconsultations and their payment follow-up (seed 001: unpaid past visits first, in red). */
@Component({
  selector: 'app-teleconsultations-page',
  imports: [PractitionerPicker],
  template: `
    <div class="page">
      <h1>Téléconsultations</h1>
      <app-practitioner-picker />
      <p class="hint">Les téléconsultations passées et non payées apparaissent en tête, en rouge, jusqu’à ce que leur paiement soit noté.</p>

      @if (error(); as message) {
        <div class="alert alert--error" role="alert">{{ message }}</div>
      }
      <p class="alert alert--success status" role="status" [class.visually-hidden]="!notice()">{{ notice() }}</p>

      @if (list(); as items) {
        @if (items.length === 0) {
          <p class="muted">Aucune téléconsultation.</p>
        } @else {
          <ul class="card-list">
            @for (a of items; track a.id) {
              <li class="card card--compact tele" [class.tele--unpaid]="unpaidPast(a)">
                <p class="tele__when"><strong>{{ time(a) }}</strong></p>
                <p>{{ a.patientName }} — {{ a.motifLabel }} <span class="tag">{{ status(a) }}</span></p>
                <p>
                  Paiement :
                  @if (a.paymentStatus === 'PAID') {
                    <span class="tag tag--free">Payée</span>
                  } @else if (unpaidPast(a)) {
                    <strong class="unpaid">Impayée</strong>
                  } @else {
                    <span class="tag">À venir — non payée</span>
                  }
                </p>
                @if (a.status !== 'CANCELLED') {
                  @if (a.paymentStatus === 'PAID') {
                    <button type="button" class="button button--secondary button--small" [disabled]="busy() === a.id" (click)="setPayment(a, 'UNPAID')">
                      Marquer impayée<span class="visually-hidden"> : {{ a.patientName }}, {{ time(a) }}</span>
                    </button>
                  } @else {
                    <button type="button" class="button button--primary button--small" [disabled]="busy() === a.id" (click)="setPayment(a, 'PAID')">
                      Marquer payée<span class="visually-hidden"> : {{ a.patientName }}, {{ time(a) }}</span>
                    </button>
                  }
                }
              </li>
            }
          </ul>
        }
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeleconsultationsPage {
  private readonly api = inject(AgendaApi);
  protected readonly context = inject(PracticeContext);

  protected readonly list = signal<AppointmentView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly unpaidPast = (a: AppointmentView) => isUnpaidPast(a);
  protected readonly time = appointmentTimeLabel;
  protected readonly status = statusLabel;

  constructor() {
    this.context.followPractitioner((practitionerId) => this.load(practitionerId));
  }

  protected async setPayment(appointment: AppointmentView, status: 'PAID' | 'UNPAID'): Promise<void> {
    this.busy.set(appointment.id);
    this.error.set(null);
    this.notice.set(null);
    try {
      const updated = await firstValueFrom(this.api.setPayment(appointment.id, status));
      this.list.update((items) => (items ?? []).map((a) => (a.id === updated.id ? updated : a)));
      this.notice.set(`Téléconsultation de ${updated.patientName} marquée ${status === 'PAID' ? 'payée' : 'impayée'}.`);
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(practitionerId: string): Promise<void> {
    this.list.set(null);
    this.error.set(null);
    try {
      const items = await firstValueFrom(this.api.teleconsultations(practitionerId));
      if (this.context.practitionerId() === practitionerId) {
        this.list.set(items);
      }
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }
}
