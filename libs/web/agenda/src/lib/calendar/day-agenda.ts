import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { AppointmentView, SlotView } from '@passerelle/shared/contracts';
import { formatParisTime } from '@passerelle/web/ui';
import { blockLabel, statusLabel, typeLabel } from '../shared/agenda-labels';
import { DayEntry } from './calendar-grid';

/** One day as a list: appointments, free slots and blocked periods in time order. */
@Component({
  selector: 'app-day-agenda',
  template: `
    @if (entries().length === 0) {
      <p class="alert alert--info">Aucun rendez-vous ni créneau libre ce jour-là.</p>
    } @else {
      <ol class="day-agenda" [attr.aria-label]="label()">
        @for (entry of entries(); track entry.kind + entry.start + $index) {
          @switch (entry.kind) {
            @case ('appointment') {
              <li class="day-entry cell--{{ state(entry.appointment) }}">
                <span class="day-entry__time">{{ time(entry.start) }} – {{ time(entry.end) }}</span>
                <button type="button" class="day-entry__main button-link" (click)="appointmentSelected.emit(entry.appointment)">
                  {{ entry.appointment.patientName }} — {{ entry.appointment.motifLabel }}
                  <span class="visually-hidden">, à {{ time(entry.start) }}</span>
                </button>
                <span class="day-entry__tags">
                  <span class="tag">{{ statusLabel(entry.appointment) }}</span>
                  @if (entry.appointment.consultationType !== 'CABINET') {
                    <span class="tag">{{ typeLabel(entry.appointment.consultationType) }}</span>
                  }
                  @if (entry.sas) {
                    <span class="tag tag--sas">SAS@if (entry.appointment.bookedBy) { — {{ entry.appointment.bookedBy }}}</span>
                  }
                </span>
              </li>
            }
            @case ('free') {
              <li class="day-entry cell--free">
                <span class="day-entry__time">{{ time(entry.start) }} – {{ time(entry.end) }}</span>
                <span class="day-entry__main">Libre</span>
                <span class="day-entry__tags">
                  @if (entry.snp) {
                    <span class="tag tag--snp">SNP<span class="visually-hidden"> (soins non programmés)</span></span>
                  }
                  <button type="button" class="button button--secondary button--small" (click)="slotSelected.emit(entry.slot)">
                    Réserver<span class="visually-hidden"> le créneau de {{ time(entry.start) }}</span>
                  </button>
                </span>
              </li>
            }
            @case ('block') {
              <li class="day-entry cell--blocked">
                <span class="day-entry__time">{{ time(entry.start) }} – {{ time(entry.end) }}</span>
                <span class="day-entry__main">{{ blockLabel(entry.block) }}</span>
              </li>
            }
          }
        }
      </ol>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DayAgenda {
  readonly entries = input.required<DayEntry[]>();
  readonly label = input.required<string>();

  readonly slotSelected = output<SlotView>();
  readonly appointmentSelected = output<AppointmentView>();

  protected readonly blockLabel = blockLabel;
  protected readonly statusLabel = statusLabel;
  protected readonly typeLabel = typeLabel;

  protected time(instant: string): string {
    return formatParisTime(instant);
  }

  protected state(appointment: AppointmentView): string {
    return { BOOKED: 'booked', DONE: 'done', NO_SHOW: 'no-show', CANCELLED: 'cancelled' }[appointment.status];
  }
}
