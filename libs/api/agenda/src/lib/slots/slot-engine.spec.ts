import { AgendaRules, computeFreeSlots, horizonEnd, MotifRule, nextPublicSlot } from './slot-engine';

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
