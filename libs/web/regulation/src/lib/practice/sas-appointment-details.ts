import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { REGULATION_ROUTES, SasBookingView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { firstValueFrom } from 'rxjs';
import { formatSize } from '../funnel/attachment-uploads';
import { RegulationApi } from '../regulation-api';

/**
 * For the practice, inside an appointment booked by the SAS regulation: the
 * regulator's name, the patient identity they typed, their message and the
 * attachments to open (each read is audited by the API).
 */
@Component({
  selector: 'app-sas-appointment-details',
  template: `
    <section class="sas-details" aria-labelledby="sas-details-title">
      <h3 id="sas-details-title"><span class="tag tag--sas">SAS</span> Réservé par la régulation</h3>
      @if (error(); as message) {
        <p class="alert alert--error" role="alert">{{ message }}</p>
      }
      @if (booking(); as b) {
        <dl class="details">
          <div><dt>Régulateur</dt><dd>{{ b.regulator.displayName }}</dd></div>
          <div><dt>Patient</dt><dd>{{ b.patient.civility === 'M' ? 'M.' : 'Mme' }} {{ b.patient.firstName }} {{ b.patient.lastName }} (naissance : {{ b.patient.birthName }}, {{ b.patient.birthDate }}) — identité provisoire</dd></div>
          <div><dt>Téléphone</dt><dd>{{ b.patient.phone }}</dd></div>
          @if (b.patient.email) {
            <div><dt>E-mail</dt><dd>{{ b.patient.email }}</dd></div>
          }
          <div><dt>Déjà consulté</dt><dd>{{ b.alreadyConsulted ? 'Oui' : 'Non' }}</dd></div>
          <div><dt>Message du régulateur</dt><dd class="pre-line">{{ b.message ?? 'Aucun message.' }}</dd></div>
          <div>
            <dt>Pièces jointes</dt>
            <dd>
              <ul class="attachment-list">
                @for (a of b.attachments; track a.id) {
                  <li><a [href]="downloadUrl(a.id)">{{ a.fileName }}</a> ({{ formatSize(a.sizeBytes) }})</li>
                } @empty {
                  <li>Aucune.</li>
                }
              </ul>
            </dd>
          </div>
        </dl>
      } @else if (!error()) {
        <p class="muted" role="status">Chargement des informations de la régulation…</p>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SasAppointmentDetails {
  private readonly api = inject(RegulationApi);
  readonly appointmentId = input.required<string>();
  protected readonly booking = signal<SasBookingView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly formatSize = formatSize;

  constructor() {
    effect(() => {
      const id = this.appointmentId();
      this.booking.set(null);
      this.error.set(null);
      firstValueFrom(this.api.practiceView(id)).then(
        (b) => this.booking.set(b),
        (e: unknown) => this.error.set(toApiError(e).message),
      );
    });
  }

  protected downloadUrl(id: string): string {
    return REGULATION_ROUTES.practiceAttachment(id);
  }
}
