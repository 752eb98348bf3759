import { TZDate } from '@date-fns/tz';
import { AGENDA_TIME_ZONE, CivilDate, parisCivilDate, parisInstant, parisMinuteOfDay } from './paris-time';

const tzInstant = (d: CivilDate, minute: number) => new TZDate(d.year, d.month - 1, d.day, Math.floor(minute / 60), minute % 60, AGENDA_TIME_ZONE).getTime();

describe('Paris wall time (cached offsets)', () => {
  it('gives the instant @date-fns/tz gives, every 5 minutes of two years, both changes of time included', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      const day = new Date(t);
      const civil = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
      for (let minute = 0; minute < 1440; minute += 5) {
        if (parisInstant(civil, minute).getTime() !== tzInstant(civil, minute)) mismatches.push(`${t} ${minute}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reads the Paris date and time of an instant around the changes of time', () => {
    // 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST; 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET.
    expect(parisCivilDate(new Date('2026-03-28T23:30:00Z'))).toEqual({ year: 2026, month: 3, day: 29 });
    expect(parisMinuteOfDay(new Date('2026-03-29T00:59:00Z'))).toBe(1 * 60 + 59);
    expect(parisMinuteOfDay(new Date('2026-03-29T01:00:00Z'))).toBe(3 * 60);
    expect(parisMinuteOfDay(new Date('2026-10-25T00:30:00Z'))).toBe(2 * 60 + 30);
    expect(parisMinuteOfDay(new Date('2026-10-25T01:30:00Z'))).toBe(2 * 60 + 30);
    expect(parisCivilDate(new Date('2026-12-31T23:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
  });
});
