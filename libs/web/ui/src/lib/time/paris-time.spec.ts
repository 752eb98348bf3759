import {
  addDays,
  formatDay,
  formatParisDateTime,
  formatParisTime,
  fromParisDateTimeInput,
  isoWeekday,
  mondayOf,
  parisDayKey,
  parisInstant,
  parisMinuteOfDay,
  timeToMinutes,
  minutesToTime,
  toParisDateTimeInput,
} from './paris-time';

describe('Paris time', () => {
  it('turns a Paris wall time into the right instant in winter and in summer', () => {
    expect(parisInstant('2026-01-12', 9 * 60).toISOString()).toBe('2026-01-12T08:00:00.000Z');
    expect(parisInstant('2026-07-13', 9 * 60).toISOString()).toBe('2026-07-13T07:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 29 March 2026: 02:00 → 03:00; 25 October 2026: 03:00 → 02:00.
    expect(parisInstant('2026-03-29', 8 * 60).toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(parisInstant('2026-03-28', 23 * 60).toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(parisInstant('2026-10-25', 12 * 60).toISOString()).toBe('2026-10-25T11:00:00.000Z');
  });

  it('reads 1440 minutes as the next midnight', () => {
    expect(parisInstant('2026-03-28', 1440).toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('gives the Paris day and minute of an instant, even near midnight UTC', () => {
    expect(parisDayKey('2026-06-30T22:30:00.000Z')).toBe('2026-07-01');
    expect(parisMinuteOfDay('2026-06-30T22:30:00.000Z')).toBe(30);
    expect(parisDayKey('2026-01-31T23:30:00.000Z')).toBe('2026-02-01');
  });

  it('computes weekdays and the Monday of a week across months and years', () => {
    expect(isoWeekday('2026-03-01')).toBe(7);
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });

  it('converts times of day both ways and refuses nonsense', () => {
    expect(timeToMinutes('08:30')).toBe(510);
    expect(timeToMinutes('24:00')).toBe(1440);
    expect(timeToMinutes('24:30')).toBeNull();
    expect(timeToMinutes('8h30')).toBeNull();
    expect(minutesToTime(545)).toBe('09:05');
  });

  it('fills and reads datetime-local inputs in Paris time', () => {
    expect(toParisDateTimeInput('2026-07-13T07:00:00.000Z')).toBe('2026-07-13T09:00');
    expect(fromParisDateTimeInput('2026-07-13T09:00')?.toISOString()).toBe('2026-07-13T07:00:00.000Z');
    expect(fromParisDateTimeInput('2026-07-13')).toBeNull();
  });

  it('formats in French, Paris time', () => {
    expect(formatParisTime('2026-07-13T07:00:00.000Z')).toBe('09:00');
    expect(formatDay('2026-03-02')).toBe('lundi 2 mars');
    expect(formatParisDateTime('2026-03-02T08:15:00.000Z')).toBe('lundi 2 mars 2026 à 09:15');
  });
});
