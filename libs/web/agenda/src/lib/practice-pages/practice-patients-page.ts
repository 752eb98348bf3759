import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PatientIdentityView } from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';

export function patientName(p: Pick<PatientIdentityView, 'usedName' | 'birthName' | 'usedFirstName' | 'firstNames'>): string {
  return `${p.usedName ?? p.birthName} ${p.usedFirstName ?? p.firstNames}`;
}

export function birthDateLabel(birthDate: string): string {
  const [year, month, day] = birthDate.split('-');
  return `${day}/${month}/${year}`;
}

/** Accents and case do not matter when looking a patient up. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** The practice's patients, each leading to their appointment history. */
@Component({
  selector: 'app-practice-patients-page',
  imports: [RouterLink],
  template: `
    <div class="page">
      <h1>Patients du cabinet</h1>
      @if (error(); as message) {
        <div class="alert alert--error" role="alert">{{ message }}</div>
      }
      <div class="field form--narrow">
        <label class="label" for="patient-filter">Rechercher un patient</label>
        <input id="patient-filter" class="input" type="search" [value]="filter()" (input)="filter.set($any($event.target).value)" aria-describedby="patient-count" />
      </div>
      @if (patients()) {
        <p id="patient-count" class="muted" role="status">{{ shown().length }} patient{{ shown().length > 1 ? 's' : '' }}</p>
        <ul class="card-list">
          @for (p of shown(); track p.id) {
            <li class="card card--compact">
              <p><strong>{{ name(p) }}</strong> — né·e le {{ birth(p.birthDate) }}</p>
              <a [routerLink]="[historyBase, p.id]">Historique des rendez-vous<span class="visually-hidden"> de {{ name(p) }}</span></a>
            </li>
          }
        </ul>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticePatientsPage implements OnInit {
  private readonly api = inject(AgendaApi);

  protected readonly historyBase = WEB_ROUTES.practicePatients;
  protected readonly patients = signal<PatientIdentityView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly filter = signal('');
  protected readonly name = patientName;
  protected readonly birth = birthDateLabel;
  protected readonly shown = computed(() => {
    const wanted = fold(this.filter().trim());
    return (this.patients() ?? []).filter((p) => !wanted || fold(`${patientName(p)} ${p.birthName} ${p.firstNames}`).includes(wanted));
  });

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.practicePatients());
      const unique = new Map(list.map((p) => [p.patient.id, p.patient]));
      this.patients.set([...unique.values()].sort((a, b) => patientName(a).localeCompare(patientName(b), 'fr')));
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }
}
