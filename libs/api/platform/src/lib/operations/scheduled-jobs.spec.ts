import { slotOf } from './scheduled-jobs';

describe('slotOf', () => {
  it('gives the start of the period an instant falls in, the same on every instance', () => {
    const day = 24 * 60 * 60_000;
    expect(slotOf(new Date('2026-12-02T09:41:07.123Z'), day).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(slotOf(new Date('2026-12-02T23:59:59.999Z'), day).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(slotOf(new Date('2026-12-02T09:41:07.123Z'), 5 * 60_000).toISOString()).toBe('2026-12-02T09:40:00.000Z');
    expect(slotOf(new Date('2026-12-02T09:45:00.000Z'), 5 * 60_000).toISOString()).toBe('2026-12-02T09:45:00.000Z');
  });
});
