import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { PatientHistoryView, PatientIdentityView } from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { appointmentTimeLabel, statusLabel, typeLabel } from '../shared/agenda-labels';
import { birthDateLabel, patientName } from './practice-patients-page';

/** A patient's appointments with the practice, the "absences injustifiées" counted. */
@Component({
  selector: 'app-patient-history-page',
  imports: [RouterLink],
  template: `
    <div class="page">
      <p><a [routerLink]="patientsUrl">← Patients du cabinet</a></p>
      <h1>Historique de {{ title() }}</h1>
      @if (identity(); as p) {
        <p class="muted">
          Né·e le {{ birth(p.birthDate) }}
          @if (p.phone) {
            — {{ p.phone }}
          }
        </p>
      }
      @if (error(); as message) {
        <div class="alert alert--error" role="alert">{{ message }}</div>
      }
      @if (history(); as h) {
        <p class="no-show-count" [class.no-show-count--some]="h.noShowCount > 0">
          <strong>{{ h.noShowCount }}</strong> absence{{ h.noShowCount > 1 ? 's' : '' }} injustifiée{{ h.noShowCount > 1 ? 's' : '' }}
        </p>
        @if (h.appointments.length === 0) {
          <p class="muted">Aucun rendez-vous avec le cabinet.</p>
        } @else {
          <div class="table-scroll" role="region" aria-label="Rendez-vous du patient" tabindex="0">
            <table class="data-table">
              <caption class="visually-hidden">Rendez-vous de {{ title() }} avec le cabinet</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Praticien</th>
                  <th scope="col">Motif</th>
                  <th scope="col">Type</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                @for (a of sorted(); track a.id) {
                  <tr [class.row--no-show]="a.status === 'NO_SHOW'">
                    <td>{{ time(a) }}</td>
                    <td>{{ practitioner(a.practitionerId) }}</td>
                    <td>{{ a.motifLabel }}</td>
                    <td>{{ type(a.consultationType) }}</td>
                    <td><span class="status-tag status-tag--{{ a.status }}">{{ status(a) }}</span></td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHistoryPage implements OnInit {
  private readonly api = inject(AgendaApi);
  private readonly route = inject(ActivatedRoute);
  private readonly context = inject(PracticeContext);

  protected readonly patientsUrl = WEB_ROUTES.practicePatients;
  protected readonly history = signal<PatientHistoryView | null>(null);
  protected readonly identity = signal<PatientIdentityView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly time = appointmentTimeLabel;
  protected readonly status = statusLabel;
  protected readonly type = typeLabel;
  protected readonly birth = birthDateLabel;
  protected readonly title = computed(() => {
    const identity = this.identity();
    return identity ? patientName(identity) : (this.history()?.appointments[0]?.patientName ?? 'ce patient');
  });
  /** Most recent first. */
  protected readonly sorted = computed(() => [...(this.history()?.appointments ?? [])].sort((a, b) => Date.parse(b.start) - Date.parse(a.start)));

  ngOnInit(): void {
    void this.context.load();
    void this.load(this.route.snapshot.paramMap.get('patientId') ?? '');
  }

  protected practitioner(id: string): string {
    return this.context.displayNameOf(id) || '—';
  }

  private async load(patientId: string): Promise<void> {
    try {
      const [history, identity] = await Promise.all([
        firstValueFrom(this.api.patientHistory(patientId)),
        firstValueFrom(this.api.patientIdentity(patientId)).catch(() => null),
      ]);
      this.history.set(history);
      this.identity.set(identity);
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }
}
