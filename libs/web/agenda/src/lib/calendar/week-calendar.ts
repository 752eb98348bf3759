import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { AppointmentView, SlotView } from '@passerelle/shared/contracts';
import { formatParisTime } from '@passerelle/web/ui';
import { blockLabel, statusLabel } from '../shared/agenda-labels';
import { GridCell, WeekGrid } from './calendar-grid';

/**
 * The week as an accessible table: days are column headers, times row
 * headers; every cell says in words what it holds (colour only repeats it).
 */
@Component({
  selector: 'app-week-calendar',
  templateUrl: './week-calendar.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeekCalendar {
  readonly grid = input.required<WeekGrid>();
  readonly caption = input.required<string>();

  readonly slotSelected = output<SlotView>();
  readonly appointmentSelected = output<AppointmentView>();

  protected readonly blockLabel = blockLabel;
  protected readonly statusLabel = statusLabel;

  protected when(cell: GridCell, dayLabel: string, start?: string): string {
    return `${dayLabel} à ${formatParisTime(start ?? cell.start)}`;
  }

  protected time(instant: string): string {
    return formatParisTime(instant);
  }

  /** Only the first row of an all-day block names it; the rest say "suite". */
  protected blockStartsHere(cell: GridCell, rowIndex: number): boolean {
    if (rowIndex === 0 || !cell.block) {
      return true;
    }
    const previous = this.grid().rows[rowIndex - 1].cells.find((c) => c.day === cell.day);
    return previous?.block?.id !== cell.block.id;
  }
}
