import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { APPOINTMENT_STATUS_LABELS, SasBookingView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { formatParisDayTime } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { RegulationApi } from '../regulation-api';
import { REGULATION_PATHS } from '../regulation-paths';

/** "Mes réservations": what this regulator booked, upcoming first. */
@Component({
  selector: 'app-my-bookings-page',
  imports: [RouterLink],
  template: `
    <div class="page">
      <h1>Mes réservations</h1>
      <p><a [routerLink]="paths.search">Rechercher un créneau</a></p>
      @if (error(); as message) {
        <div class="alert alert--error" role="alert">{{ message }}</div>
      }
      @if (bookings(); as list) {
        @for (group of groups(); track group.title) {
          <section [attr.aria-labelledby]="group.id">
            <h2 [id]="group.id">{{ group.title }}</h2>
            @if (group.items.length === 0) {
              <p class="muted">Aucune réservation.</p>
            }
            <ul class="results">
              @for (b of group.items; track b.id) {
                <li class="card card--compact">
                  <h3 class="result__name"><a [routerLink]="paths.booking(b.id)">{{ b.patient.firstName }} {{ b.patient.lastName }} — {{ when(b) }}</a></h3>
                  <p>{{ b.practitioner.displayName }} ({{ b.practitioner.specialtyLabel }}) · {{ b.appointment.motifLabel }}</p>
                  <p><span class="status-tag status-tag--{{ b.appointment.status }}">{{ status(b) }}</span></p>
                </li>
              }
            </ul>
          </section>
        }
      } @else if (!error()) {
        <p class="muted" role="status">Chargement…</p>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyBookingsPage {
  private readonly api = inject(RegulationApi);
  protected readonly paths = REGULATION_PATHS;
  protected readonly bookings = signal<SasBookingView[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly groups = computed(() => {
    const now = Date.now();
    const list = this.bookings() ?? [];
    const upcoming = list.filter((b) => b.appointment.status === 'BOOKED' && Date.parse(b.appointment.start) >= now).sort((a, b) => a.appointment.start.localeCompare(b.appointment.start));
    return [
      { id: 'bookings-upcoming', title: 'À venir', items: upcoming },
      { id: 'bookings-past', title: 'Passées ou annulées', items: list.filter((b) => !upcoming.includes(b)) },
    ];
  });

  constructor() {
    void this.load();
  }

  protected when(b: SasBookingView): string {
    return formatParisDayTime(b.appointment.start);
  }

  protected status(b: SasBookingView): string {
    return APPOINTMENT_STATUS_LABELS[b.appointment.status];
  }

  private async load(): Promise<void> {
    try {
      this.bookings.set(await firstValueFrom(this.api.myBookings()));
    } catch (error) {
      this.error.set(toApiError(error).message);
    }
  }
}
