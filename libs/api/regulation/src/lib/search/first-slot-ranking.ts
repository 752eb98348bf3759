/** A candidate with a lower bound of its first slot (epoch ms) and its seeded random tie key. */
export interface Bounded {
  id: string;
  bound: number;
  shuffle: string;
}

/** Reads the first slot in [since, until) of each of `batch` (those without one are left out). */
export type ReadFirstSlots = (batch: Bounded[], since: number, until: number) => Promise<Map<string, number>>;

export interface RankingOptions {
  /** How many of the group's best cards must be exact. */
  needed: number;
  /** End of the searched window. */
  to: number;
  /** Candidates read at once. */
  batch: number;
  /** How far past a batch's largest bound it is read. */
  readAhead: number;
}

/** The cards' order inside a group (compareCards): earliest first, ties in the seeded random order. */
export const byBound = (a: Bounded, b: Bounded): number => a.bound - b.bound || (a.shuffle < b.shuffle ? -1 : a.shuffle > b.shuffle ? 1 : 0);

function insertSorted(line: Bounded[], entry: Bounded): void {
  let i = line.findIndex((other) => byBound(entry, other) < 0);
  if (i < 0) i = line.length;
  line.splice(i, 0, entry);
}

/**
 * The first slots of the `needed` best candidates of a group, exactly,
 * reading as few agendas as it can: a best-first search. Candidates are
 * taken in the cards' own order of (bound, shuffle), a batch at a time, and
 * a batch is read from its smallest bound to `readAhead` past its largest.
 * Whoever has a slot there gets their exact first slot (nobody has one
 * before their bound); the others' bound becomes the end of what was read
 * and they go back in line. It stops when the `needed`-th card found ranks
 * before every bound still in line: nobody left can come before it. Hand-
 * written: it is this search's own rule, no library has it. Returns the
 * first slot of everyone found (possibly more than `needed`).
 */
export async function rankFirstSlots(candidates: Bounded[], options: RankingOptions, read: ReadFirstSlots): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  if (options.needed <= 0) return first;
  const line = [...candidates].sort(byBound);
  const found: Bounded[] = [];
  while (line.length > 0) {
    found.sort(byBound);
    if (found.length >= options.needed && byBound(found[options.needed - 1], line[0]) < 0) break;
    const batch = line.splice(0, Math.max(options.batch, options.needed - found.length));
    const since = Math.min(...batch.map((b) => b.bound));
    const until = Math.min(options.to, Math.max(...batch.map((b) => b.bound)) + options.readAhead);
    const slots = await read(batch, since, until);
    for (const entry of batch) {
      const slot = slots.get(entry.id);
      if (slot !== undefined) {
        first.set(entry.id, slot);
        found.push({ ...entry, bound: slot });
      } else if (until < options.to) {
        insertSorted(line, { ...entry, bound: until });
      }
    }
  }
  return first;
}
