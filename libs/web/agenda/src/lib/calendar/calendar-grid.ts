import {
  AppointmentStatus,
  AppointmentView,
  BlockView,
  CalendarView,
  SlotView,
} from '@passerelle/shared/contracts';
import {
  addDays,
  DayKey,
  formatDay,
  formatDayShort,
  minutesToTime,
  parisDayKey,
  parisInstant,
  parisMinuteOfDay,
} from '@passerelle/web/ui';

/** What a calendar cell shows, by priority: a live appointment, a block, a free slot, a cancelled appointment, nothing. */
export type CellState = 'booked' | 'done' | 'no-show' | 'blocked' | 'free' | 'cancelled' | 'empty';

export interface GridAppointment {
  appointment: AppointmentView;
  /** The appointment started in an earlier row (longer than one slot). */
  continuation: boolean;
  /** Booked by SAS regulation. */
  sas: boolean;
}

export interface GridCell {
  day: DayKey;
  minute: number;
  /** ISO instant of the row's start on that day. */
  start: string;
  state: CellState;
  /** Live appointments first, then cancelled ones. */
  appointments: GridAppointment[];
  /** Free slots starting within the cell. */
  freeSlots: SlotView[];
  block: BlockView | null;
  /** A free slot here carries the "Soins non programmés" motif (open to the SAS). */
  snp: boolean;
}

export interface GridDay {
  key: DayKey;
  label: string;
  shortLabel: string;
  isToday: boolean;
}

export interface GridRow {
  minute: number;
  time: string;
  cells: GridCell[];
}

export interface WeekGrid {
  days: GridDay[];
  rows: GridRow[];
  slotMinutes: number;
}

/** Weekly opening hours, Paris wall time (from the agenda settings). */
export interface WeeklyHours {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const STATUS_STATE: Record<AppointmentStatus, CellState> = {
  BOOKED: 'booked',
  DONE: 'done',
  NO_SHOW: 'no-show',
  CANCELLED: 'cancelled',
};

const isLive = (a: AppointmentView) => a.status !== 'CANCELLED';

/**
 * The week (or any run of days) as a table: one column per day, one row per
 * `slotMinutes` from the earliest opening hour (or earlier appointment or
 * slot) to the latest. Rows are intervals, so a slot or appointment that
 * does not start on the grid still lands in the row it overlaps.
 */
export function buildWeekGrid(
  view: CalendarView,
  firstDay: DayKey,
  dayCount: number,
  hours: WeeklyHours[],
  today: DayKey,
): WeekGrid {
  const step = view.slotMinutes > 0 ? view.slotMinutes : 15;
  const dayKeys = Array.from({ length: dayCount }, (_, i) => addDays(firstDay, i));
  const days: GridDay[] = dayKeys.map((key) => ({
    key,
    label: formatDay(key),
    shortLabel: formatDayShort(key),
    isToday: key === today,
  }));
  const inWindow = new Set(dayKeys);
  const blocks = view.blocks.filter((b) => !b.waived);

  const bounds = rowBounds(view, hours, inWindow);
  if (!bounds) {
    return { days, rows: [], slotMinutes: step };
  }

  const rows: GridRow[] = [];
  for (let minute = bounds.start; minute < bounds.end; minute += step) {
    rows.push({
      minute,
      time: minutesToTime(minute),
      cells: dayKeys.map((day) => buildCell(view, blocks, day, minute, step)),
    });
  }
  return { days, rows, slotMinutes: step };
}

function rowBounds(view: CalendarView, hours: WeeklyHours[], days: Set<DayKey>): { start: number; end: number } | null {
  const starts: number[] = hours.map((h) => h.startMinute);
  const ends: number[] = hours.map((h) => h.endMinute);
  const add = (startIso: string, endIso: string) => {
    const day = parisDayKey(startIso);
    if (!days.has(day)) {
      return;
    }
    starts.push(parisMinuteOfDay(startIso));
    ends.push(parisDayKey(endIso) === day ? parisMinuteOfDay(endIso) : 1440);
  };
  view.appointments.forEach((a) => add(a.start, a.end));
  view.freeSlots.forEach((s) => add(s.start, s.end));
  if (starts.length === 0) {
    return null;
  }
  const start = Math.min(...starts);
  const end = Math.max(...ends);
  return end > start ? { start, end } : null;
}

function buildCell(view: CalendarView, blocks: BlockView[], day: DayKey, minute: number, step: number): GridCell {
  const from = parisInstant(day, minute).getTime();
  const to = parisInstant(day, minute + step).getTime();
  const overlaps = (startIso: string, endIso: string) => Date.parse(startIso) < to && Date.parse(endIso) > from;

  const appointments: GridAppointment[] = view.appointments
    .filter((a) => overlaps(a.start, a.end))
    .sort((a, b) => Number(isLive(b)) - Number(isLive(a)) || Date.parse(a.start) - Date.parse(b.start))
    .map((appointment) => ({
      appointment,
      continuation: Date.parse(appointment.start) < from,
      sas: appointment.channel === 'REGULATOR',
    }));
  const freeSlots = view.freeSlots.filter((s) => {
    const start = Date.parse(s.start);
    return start >= from && start < to;
  });
  const block = blocks.find((b) => overlaps(b.startsAt, b.endsAt)) ?? null;

  const live = appointments.find((a) => isLive(a.appointment));
  let state: CellState = 'empty';
  if (live) {
    state = STATUS_STATE[live.appointment.status];
  } else if (block) {
    state = 'blocked';
  } else if (freeSlots.length > 0) {
    state = 'free';
  } else if (appointments.length > 0) {
    state = 'cancelled';
  }
  return {
    day,
    minute,
    start: new Date(from).toISOString(),
    state,
    appointments,
    freeSlots,
    block,
    snp: freeSlots.some((s) => s.visibility.includes('SNP')),
  };
}

export type DayEntry =
  | { kind: 'appointment'; start: string; end: string; appointment: AppointmentView; sas: boolean }
  | { kind: 'free'; start: string; end: string; slot: SlotView; snp: boolean }
  | { kind: 'block'; start: string; end: string; block: BlockView };

/** One day as a list in time order: appointments (any status), free slots and blocks (not waived). */
export function buildDayAgenda(view: CalendarView, day: DayKey): DayEntry[] {
  const dayStart = parisInstant(day, 0).getTime();
  const dayEnd = parisInstant(day, 1440).getTime();
  const entries: DayEntry[] = [
    ...view.appointments
      .filter((a) => parisDayKey(a.start) === day)
      .map((appointment): DayEntry => ({
        kind: 'appointment',
        start: appointment.start,
        end: appointment.end,
        appointment,
        sas: appointment.channel === 'REGULATOR',
      })),
    ...view.freeSlots
      .filter((s) => parisDayKey(s.start) === day)
      .map((slot): DayEntry => ({ kind: 'free', start: slot.start, end: slot.end, slot, snp: slot.visibility.includes('SNP') })),
    ...view.blocks
      .filter((b) => !b.waived && Date.parse(b.startsAt) < dayEnd && Date.parse(b.endsAt) > dayStart)
      .map((block): DayEntry => ({
        kind: 'block',
        start: new Date(Math.max(Date.parse(block.startsAt), dayStart)).toISOString(),
        end: new Date(Math.min(Date.parse(block.endsAt), dayEnd)).toISOString(),
        block,
      })),
  ];
  const order: Record<DayEntry['kind'], number> = { block: 0, appointment: 1, free: 2 };
  return entries.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || order[a.kind] - order[b.kind]);
}
