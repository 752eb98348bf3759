import { TZDate, tzOffset } from '@date-fns/tz';

/** Agendas are kept in French metropolitan wall time; instants are stored in UTC. */
export const AGENDA_TIME_ZONE = 'Europe/Paris';

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CACHE_LIMIT = 20_000;

/**
 * Paris' UTC offset (minutes) by UTC hour: it only ever changes on a whole
 * UTC hour, and the slot engine asks for the same few days thousands of
 * times per request, so the time-zone database is read once per hour seen.
 */
const offsetByHour = new Map<number, number>();
function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= CACHE_LIMIT) offsetByHour.clear();
    offset = tzOffset(AGENDA_TIME_ZONE, new Date(hour * HOUR_MS));
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The instant of a wall-clock time in Paris (DST handled by @date-fns/tz). */
export function parisInstant(date: CivilDate, minuteOfDay: number): Date {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  // A day without a change of offset (all but two a year): plain arithmetic.
  // Paris changes at 01:00 UTC, so comparing the offsets at this UTC midnight
  // and the next one tells whether the local day has a change.
  const offset = offsetAt(utcMidnight);
  if (offset === offsetAt(utcMidnight + DAY_MS)) {
    return new Date(utcMidnight + minuteOfDay * 60_000 - offset * 60_000);
  }
  return new Date(new TZDate(date.year, date.month - 1, date.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, AGENDA_TIME_ZONE).getTime());
}

/** The Paris wall-clock reading of an instant, as UTC fields of a shifted Date. */
const parisWallClock = (instant: Date): Date => new Date(instant.getTime() + offsetAt(instant.getTime()) * 60_000);

export function parisCivilDate(instant: Date): CivilDate {
  const z = parisWallClock(instant);
  return { year: z.getUTCFullYear(), month: z.getUTCMonth() + 1, day: z.getUTCDate() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a civil date. */
export function isoWeekday(date: CivilDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const civilKey = (d: CivilDate): string => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export function parseCivilDate(iso: string): CivilDate {
  const [year, month, day] = iso.split('-').map(Number);
  return { year, month, day };
}

/** Minutes after midnight (Paris) of an instant. */
export function parisMinuteOfDay(instant: Date): number {
  const z = parisWallClock(instant);
  return z.getUTCHours() * 60 + z.getUTCMinutes();
}
