/**
 * A small deterministic generator (mulberry32) returning numbers in [0, 1),
 * like Math.random. Used where randomness must be reproducible: tests, the
 * synthetic RPPS file, and a directory search that has to keep the same
 * random tie order from one result page to the next (seed it per search).
 * Not for anything security-related.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
