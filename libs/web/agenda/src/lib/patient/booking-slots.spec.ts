import { MotifView, SlotView } from '@passerelle/shared/contracts';
import { groupSlotsByDay, offeredTypes, slotsFor } from './booking-slots';

const slot = (start: string, types: SlotView['consultationTypes'], motifIds: string[]): SlotView => ({
  practitionerId: 'p',
  start,
  end: start,
  placeId: 'pl',
  consultationTypes: types,
  motifIds,
  visibility: ['PUBLIC'],
});

const motif = (id: string, types: MotifView['consultationTypes']): MotifView => ({
  id,
  label: id,
  durationMinutes: 15,
  consultationTypes: types,
  openToNewPatients: true,
  bookableOnline: true,
  isSnp: false,
  requiresMobile: false,
  ranges: [],
});

describe('booking slots', () => {
  const slots = [
    slot('2026-03-03T09:00:00.000Z', ['CABINET'], ['m1']),
    slot('2026-03-02T16:00:00.000Z', ['CABINET', 'VIDEO'], ['m1', 'm2']),
    slot('2026-03-02T08:00:00.000Z', ['VIDEO'], ['m2']),
  ];

  it('keeps the slots offering the type and fitting the motif', () => {
    expect(slotsFor(slots, 'VIDEO', 'm2').map((s) => s.start)).toEqual(['2026-03-02T16:00:00.000Z', '2026-03-02T08:00:00.000Z']);
    expect(slotsFor(slots, 'CABINET', null)).toHaveLength(2);
  });

  it('groups by Paris day in time order, empty days included', () => {
    const days = groupSlotsByDay(slots, '2026-03-02', 3);
    expect(days.map((d) => [d.key, d.slots.length])).toEqual([
      ['2026-03-02', 2],
      ['2026-03-03', 1],
      ['2026-03-04', 0],
    ]);
    expect(days[0].slots[0].start).toBe('2026-03-02T08:00:00.000Z');
    expect(days[0].label).toBe('lundi 2 mars');
  });

  it('offers the types of the bookable motifs, or of the slots for a free-text motif', () => {
    expect(offeredTypes([motif('m1', ['VIDEO'])], slots, false)).toEqual(['VIDEO']);
    expect(offeredTypes([], slots, true)).toEqual(['CABINET', 'VIDEO']);
  });
});
