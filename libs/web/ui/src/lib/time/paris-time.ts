import { TZDate } from '@date-fns/tz';

/**
 * Agendas live in Paris wall time; the API speaks ISO instants (UTC). These
 * helpers convert between the two whatever the browser's own time zone, so a
 * secretary abroad still sees and enters the practice's local hours.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';

/** A civil date in Paris, 'YYYY-MM-DD'. */
export type DayKey = string;

const MINUTES_PER_DAY = 1440;

const pad = (value: number): string => String(value).padStart(2, '0');

function parseDayKey(day: DayKey): [number, number, number] {
  const [year, month, date] = day.split('-').map(Number);
  return [year, month, date];
}

/** The Paris civil date of an instant. */
export function parisDayKey(instant: Date | string): DayKey {
  const zoned = new TZDate(new Date(instant).getTime(), PARIS_TIME_ZONE);
  return `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`;
}

/** Minutes after midnight, Paris wall time, of an instant. */
export function parisMinuteOfDay(instant: Date | string): number {
  const zoned = new TZDate(new Date(instant).getTime(), PARIS_TIME_ZONE);
  return zoned.getHours() * 60 + zoned.getMinutes();
}

/** The instant of a Paris wall-clock time (daylight saving handled); 1440 is the next midnight. */
export function parisInstant(day: DayKey, minuteOfDay: number): Date {
  const extraDays = Math.floor(minuteOfDay / MINUTES_PER_DAY);
  const minute = minuteOfDay - extraDays * MINUTES_PER_DAY;
  const [year, month, date] = parseDayKey(addDays(day, extraDays));
  return new Date(
    new TZDate(year, month - 1, date, Math.floor(minute / 60), minute % 60, PARIS_TIME_ZONE).getTime(),
  );
}

export function addDays(day: DayKey, days: number): DayKey {
  const [year, month, date] = parseDayKey(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + days));
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: DayKey): number {
  const [year, month, date] = parseDayKey(day);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The Monday of the week holding this day. */
export function mondayOf(day: DayKey): DayKey {
  return addDays(day, 1 - isoWeekday(day));
}

export function todayInParis(now: Date = new Date()): DayKey {
  return parisDayKey(now);
}

export function isDayKey(value: unknown): value is DayKey {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** "09:05" */
export function minutesToTime(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** "09:05" → 545; null for anything else. "24:00" is the end of the day. */
export function timeToMinutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time.trim());
  if (!match) {
    return null;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    return null;
  }
  return hours * 60 + minutes;
}

/** Value of an <input type="datetime-local"> showing this instant in Paris time. */
export function toParisDateTimeInput(instant: Date | string): string {
  return `${parisDayKey(instant)}T${minutesToTime(parisMinuteOfDay(instant))}`;
}

/** An <input type="datetime-local"> value read as Paris time; null when incomplete. */
export function fromParisDateTimeInput(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!match || !isDayKey(match[1])) {
    return null;
  }
  const minute = timeToMinutes(match[2]);
  return minute === null ? null : parisInstant(match[1], minute);
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
});
// Day keys are civil dates: formatted at UTC midnight so no zone shifts them.
const dayLongFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dayFullFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dayShortFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

function dayKeyDate(day: DayKey): Date {
  const [year, month, date] = parseDayKey(day);
  return new Date(Date.UTC(year, month - 1, date));
}

/** "09:15", Paris time. */
export function formatParisTime(instant: Date | string): string {
  return timeFormat.format(new Date(instant));
}

/** "lundi 2 mars" */
export function formatDay(day: DayKey): string {
  return dayLongFormat.format(dayKeyDate(day));
}

/** "lundi 2 mars 2026" */
export function formatDayWithYear(day: DayKey): string {
  return dayFullFormat.format(dayKeyDate(day));
}

/** "lun. 2 mars" */
export function formatDayShort(day: DayKey): string {
  return dayShortFormat.format(dayKeyDate(day));
}

/** "lundi 2 mars 2026 à 09:15", Paris time. */
export function formatParisDateTime(instant: Date | string): string {
  return `${formatDayWithYear(parisDayKey(instant))} à ${formatParisTime(instant)}`;
}

/** "lundi 2 mars à 09:15", Paris time (for dates close to now). */
export function formatParisDayTime(instant: Date | string): string {
  return `${formatDay(parisDayKey(instant))} à ${formatParisTime(instant)}`;
}
