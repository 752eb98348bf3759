import { Bounded, byBound, rankFirstSlots } from './first-slot-ranking';

const MIN = 60_000;

/** Deterministic cases: the same on every run. */
function generator(seed: number) {
  return (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    // The high bits: the low ones of this generator repeat with a short period.
    return Math.floor((seed / 2 ** 31) * n);
  };
}

describe('rankFirstSlots (best-first search on lower bounds)', () => {
  it('finds the same best cards as reading every agenda, on many cases full of ties', async () => {
    const next = generator(3);
    let distinctRead = 0;
    let everyone = 0;
    for (let round = 0; round < 600; round += 1) {
      const to = (12 + next(60)) * 60 * MIN;
      const size = 1 + next(80);
      // Bounds on a coarse grid (many equal), first slots at or after them (or none), short shuffle keys (some equal too).
      const people = Array.from({ length: size }, (_, i) => {
        const bound = next(to / (30 * MIN)) * 30 * MIN;
        const first = next(4) === 0 ? null : bound + next(3) * 30 * MIN;
        return { id: `p${i}`, bound, shuffle: String.fromCharCode(97 + next(8)), first: first !== null && first < to ? first : null };
      });
      const needed = 1 + next(25);
      const byId = new Map(people.map((p) => [p.id, p]));
      const reads: [number, number][] = [];
      const read = new Set<string>();
      const found = await rankFirstSlots(people, { needed, to, batch: 1 + next(20), readAhead: (1 + next(8)) * 30 * MIN }, async (batch, since, until) => {
        reads.push([since, until]);
        const slots = new Map<string, number>();
        for (const b of batch) {
          read.add(b.id);
          const p = byId.get(b.id);
          // What an agenda read shows: slots in [since, until) only.
          if (p?.first != null && p.first >= since && p.first < until) slots.set(p.id, p.first);
        }
        return slots;
      });
      everyone += size;
      distinctRead += read.size;
      const expected = people.filter((p) => p.first !== null).map((p) => ({ id: p.id, bound: p.first as number, shuffle: p.shuffle })).sort(byBound).slice(0, needed);
      const ranked: Bounded[] = [...found].map(([id, bound]) => ({ id, bound, shuffle: byId.get(id)?.shuffle ?? '' })).sort(byBound).slice(0, needed);
      // Equal (bound, shuffle) keys may come in either order: compare the keys, then the set of ids per key.
      expect(ranked.map((r) => [r.bound, r.shuffle])).toEqual(expected.map((e) => [e.bound, e.shuffle]));
      for (const r of ranked) expect(byId.get(r.id)?.first).toBe(r.bound);
      for (const [since, until] of reads) expect(since).toBeLessThan(until);
    }
    // The point of it: fewer agendas read than candidates.
    expect(distinctRead).toBeLessThan(everyone * 0.8);
  });

  it('reads nothing when nothing is needed, and everyone when nobody has a slot', async () => {
    const read = jest.fn<Promise<Map<string, number>>, [Bounded[], number, number]>(async () => new Map());
    const people = [{ id: 'a', bound: 0, shuffle: 'a' }, { id: 'b', bound: 0, shuffle: 'b' }];
    expect(await rankFirstSlots(people, { needed: 0, to: 10 * MIN, batch: 1, readAhead: MIN }, read)).toEqual(new Map());
    expect(read).not.toHaveBeenCalled();
    expect(await rankFirstSlots(people, { needed: 1, to: 10 * MIN, batch: 1, readAhead: 4 * MIN }, read)).toEqual(new Map());
    // Each is read until the end of the window, in steps: [0, 4), [4, 8), [8, 10) each.
    expect(read.mock.calls.map(([batch, since, until]) => [batch.map((b) => b.id).join(), since / MIN, until / MIN])).toEqual([
      ['a', 0, 4], ['b', 0, 4], ['a', 4, 8], ['b', 4, 8], ['a', 8, 10], ['b', 8, 10],
    ]);
  });
});
