import { AgendaRules, computeFreeSlots, firstGridSlot, horizonEnd, MotifRule, nextPublicSlot } from './slot-engine';

const consult: MotifRule = { id: 'consult', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: true, isSnp: false, ranges: [] };
const long: MotifRule = { id: 'long', durationMinutes: 30, consultationTypes: ['CABINET'], openToNewPatients: false, bookableOnline: true, isSnp: false, ranges: [] };
const snp: MotifRule = { id: 'snp', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: false, bookableOnline: false, isSnp: true, ranges: [{ weekday: 2, startMinute: 14 * 60, endMinute: 16 * 60 }] };

const rules = (over: Partial<AgendaRules> = {}): AgendaRules => ({
  practitionerId: 'p1',
  slotMinutes: 15,
  horizonDays: 90,
  acceptsNewPatients: true,
  ranges: [
    { weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60, placeId: 'cab', consultationTypes: ['CABINET'] },
    { weekday: 2, startMinute: 14 * 60, endMinute: 18 * 60, placeId: 'cab', consultationTypes: ['CABINET', 'VIDEO'] },
  ],
  motifs: [consult, long, snp],
  blocks: [],
  appointments: [],
  ...over,
});

// Sunday 2026-06-07 20:00 Paris (summer time, UTC+2).
const now = new Date('2026-06-07T18:00:00Z');
const monday = { from: new Date('2026-06-08T00:00:00+02:00'), to: new Date('2026-06-09T00:00:00+02:00') };

describe('computeFreeSlots', () => {
  it('cuts opening hours into slots in Paris wall time', () => {
    const slots = computeFreeSlots(rules(), monday.from, monday.to, now);
    expect(slots).toHaveLength(12);
    expect(slots[0].start.toISOString()).toBe('2026-06-08T07:00:00.000Z');
    expect(slots[11].end.toISOString()).toBe('2026-06-08T10:00:00.000Z');
    expect(slots[0]).toMatchObject({ placeId: 'cab', consultationTypes: ['CABINET'], visibility: ['PUBLIC', 'NEW_PATIENTS', 'EXISTING_PATIENTS'] });
  });

  it('follows daylight saving time (winter: UTC+1)', () => {
    const winterNow = new Date('2026-11-29T18:00:00Z');
    const slots = computeFreeSlots(rules(), new Date('2026-11-30T00:00:00+01:00'), new Date('2026-12-01T00:00:00+01:00'), winterNow);
    expect(slots[0].start.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('hides slots under a block or an appointment, and offers a long motif only where it fits', () => {
    const slots = computeFreeSlots(
      rules({
        blocks: [{ startsAt: new Date('2026-06-08T09:00:00+02:00'), endsAt: new Date('2026-06-08T10:00:00+02:00') }],
        appointments: [{ startsAt: new Date('2026-06-08T10:30:00+02:00'), endsAt: new Date('2026-06-08T10:45:00+02:00') }],
      }),
      monday.from,
      monday.to,
      now,
    );
    const starts = slots.map((s) => s.start.toISOString().slice(11, 16));
    expect(starts).toEqual(['08:00', '08:15', '08:45', '09:00', '09:15', '09:30', '09:45']);
    const at = (hhmm: string) => slots.find((s) => s.start.toISOString().slice(11, 16) === hhmm);
    expect(at('08:15')?.motifIds).toEqual(['consult']); // 30 min would run into the 10:30 appointment
    expect(at('08:00')?.motifIds).toEqual(['consult', 'long']);
    expect(at('09:45')?.motifIds).toEqual(['consult']); // 30 min would pass the end of the range
  });

  it('places "Soins non programmés" on its ranges only, beside the other motifs', () => {
    const tuesday = computeFreeSlots(rules(), new Date('2026-06-09T00:00:00+02:00'), new Date('2026-06-10T00:00:00+02:00'), now);
    const snpSlots = tuesday.filter((s) => s.visibility.includes('SNP'));
    expect(snpSlots).toHaveLength(8);
    expect(snpSlots[0].motifIds).toEqual(['consult', 'long', 'snp']);
    expect(snpSlots[0].start.toISOString()).toBe('2026-06-09T12:00:00.000Z');
    const later = tuesday.find((s) => s.start.toISOString() === '2026-06-09T14:00:00.000Z');
    expect(later?.motifIds).toEqual(['consult', 'long']);
    expect(later?.visibility).not.toContain('SNP');
  });

  it('marks slots of a practitioner who takes no new patients as existing patients only', () => {
    const slots = computeFreeSlots(rules({ acceptsNewPatients: false }), monday.from, monday.to, now);
    expect(slots[0].visibility).toEqual(['PUBLIC', 'EXISTING_PATIENTS']);
  });

  it('never offers past slots', () => {
    const mondayTen = new Date('2026-06-08T10:00:00+02:00');
    const slots = computeFreeSlots(rules(), monday.from, monday.to, mondayTen);
    expect(slots[0].start.toISOString()).toBe('2026-06-08T08:00:00.000Z');
  });

  it('rolls the horizon forward by itself each day', () => {
    const allMondays = (at: Date) =>
      computeFreeSlots(rules({ motifs: [consult] }), at, new Date(at.getTime() + 200 * 86_400_000), at).filter((s) => s.start.getUTCHours() === 7 && s.start.getUTCMinutes() === 0);
    const today = allMondays(now);
    const lastToday = today[today.length - 1].start;
    expect(lastToday.getTime()).toBeLessThan(horizonEnd(now, 90).getTime());
    expect(lastToday.getTime()).toBeGreaterThan(now.getTime() + 83 * 86_400_000);
    // Eight days later, one more Monday has entered the horizon, with no action from anyone.
    const later = allMondays(new Date(now.getTime() + 8 * 86_400_000));
    expect(later[later.length - 1].start.getTime()).toBe(lastToday.getTime() + 7 * 86_400_000);
  });

  it('finds the next slot bookable online', () => {
    const blockedWeek = rules({ blocks: [{ startsAt: new Date('2026-06-08T00:00:00+02:00'), endsAt: new Date('2026-06-16T00:00:00+02:00') }] });
    expect(nextPublicSlot(blockedWeek, now)?.start.toISOString()).toBe('2026-06-16T12:00:00.000Z');
    expect(nextPublicSlot(rules({ ranges: [] }), now)).toBeNull();
  });
});

describe('firstGridSlot (a lower bound of the first free slot)', () => {
  // A small deterministic generator: the same cases on every run.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: the low ones of this generator repeat with a short period.
    return Math.floor((seed / 2 ** 31) * n);
  };
  const randomRules = (): AgendaRules => {
    const slotMinutes = [10, 15, 20, 30, 45][next(5)];
    const ranges = Array.from({ length: 1 + next(6) }, () => {
      const startMinute = next(20) * 60 + [0, 15, 30][next(3)];
      return {
        weekday: 1 + next(7),
        startMinute,
        endMinute: Math.min(startMinute + 30 + next(240), 24 * 60),
        placeId: 'cab',
        consultationTypes: next(3) === 0 ? (['VIDEO'] as const) : (['CABINET', 'VIDEO'] as const),
      };
    }).map((r) => ({ ...r, consultationTypes: [...r.consultationTypes] }));
    const appointments = Array.from({ length: next(12) }, () => {
      const startsAt = new Date(Date.parse('2026-10-24T00:00:00Z') + next(5 * 24 * 4) * 15 * 60_000);
      return { startsAt, endsAt: new Date(startsAt.getTime() + (1 + next(8)) * 15 * 60_000) };
    });
    return rules({ slotMinutes, horizonDays: 2 + next(5), ranges, appointments, motifs: [consult] });
  };

  it('is the first slot of an empty agenda and never after the first free one, across a change of time (25 October 2026)', () => {
    for (let i = 0; i < 300; i += 1) {
      const r = randomRules();
      // "now" some time on Friday 23 or Saturday 24 October; windows of 4 to 72 h.
      const caseNow = new Date(Date.parse('2026-10-23T06:00:00Z') + next(48 * 4) * 15 * 60_000 + next(60_000));
      const from = new Date(caseNow.getTime() + next(6) * 3_600_000);
      const to = new Date(from.getTime() + (4 + next(69)) * 3_600_000);
      for (const type of [undefined, 'VIDEO' as const]) {
        const bound = firstGridSlot(r, from, to, caseNow, type);
        const ofType = (slots: ReturnType<typeof computeFreeSlots>) => slots.filter((s) => !type || s.consultationTypes.includes(type));
        const empty = ofType(computeFreeSlots({ ...r, appointments: [] }, from, to, caseNow));
        expect(bound).toBe(empty[0]?.start.getTime() ?? null);
        const free = ofType(computeFreeSlots(r, from, to, caseNow));
        if (free.length > 0) expect(bound).not.toBeNull();
        if (free.length > 0 && bound !== null) expect(bound).toBeLessThanOrEqual(free[0].start.getTime());
      }
    }
  });

  it('is null without hours in the window, or beyond the horizon', () => {
    const sunday = { from: new Date('2026-06-07T00:00:00+02:00'), to: new Date('2026-06-08T00:00:00+02:00') };
    expect(firstGridSlot(rules(), sunday.from, sunday.to, new Date('2026-06-06T12:00:00Z'))).toBeNull();
    expect(firstGridSlot(rules({ horizonDays: 1 }), monday.from, monday.to, new Date('2026-06-06T12:00:00Z'))).toBeNull();
    expect(firstGridSlot(rules(), monday.from, monday.to, now)).toBe(Date.parse('2026-06-08T07:00:00.000Z'));
    expect(firstGridSlot(rules(), monday.from, monday.to, now, 'VIDEO')).toBeNull();
  });
});
