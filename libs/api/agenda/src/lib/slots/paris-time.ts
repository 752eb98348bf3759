import { TZDate } from '@date-fns/tz';

/** Agendas are kept in French metropolitan wall time; instants are stored in UTC. */
export const AGENDA_TIME_ZONE = 'Europe/Paris';

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** The instant of a wall-clock time in Paris (DST handled by @date-fns/tz). */
export function parisInstant(date: CivilDate, minuteOfDay: number): Date {
  return new Date(new TZDate(date.year, date.month - 1, date.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, AGENDA_TIME_ZONE).getTime());
}

export function parisCivilDate(instant: Date): CivilDate {
  const z = new TZDate(instant.getTime(), AGENDA_TIME_ZONE);
  return { year: z.getFullYear(), month: z.getMonth() + 1, day: z.getDate() };
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
  const z = new TZDate(instant.getTime(), AGENDA_TIME_ZONE);
  return z.getHours() * 60 + z.getMinutes();
}
