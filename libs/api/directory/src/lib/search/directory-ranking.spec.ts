import { UnknownDepartementError } from '../geography/departements';
import {
  type DirectoryCandidate,
  directoryTierOf,
  rankDirectoryCandidates,
  searchAreaOf,
} from './directory-ranking';
import { seededRandom } from './seeded-random';

const at = (iso: string) => new Date(iso);

function user(
  id: string,
  departement: string | null,
  slot: string | null,
): DirectoryCandidate {
  return {
    id,
    departement,
    usesPasserelle: true,
    nextFreeSlot: slot === null ? null : at(slot),
  };
}

function listed(id: string, departement: string | null): DirectoryCandidate {
  return { id, departement, usesPasserelle: false, nextFreeSlot: null };
}

const ids = (ranked: readonly DirectoryCandidate[]) => ranked.map((c) => c.id);

/** Runs the ranking with many seeds and collects the distinct orders seen. */
function ordersSeen(
  candidates: DirectoryCandidate[],
  area: string[],
  runs = 300,
): Set<string> {
  const seen = new Set<string>();
  for (let seed = 1; seed <= runs; seed += 1) {
    seen.add(
      ids(
        rankDirectoryCandidates(candidates, area, {
          random: seededRandom(seed),
        }),
      ).join(','),
    );
  }
  return seen;
}

describe('rankDirectoryCandidates', () => {
  // Searching in Rhône (69): neighbours are 01, 38, 42, 71.
  const area = ['69'];

  it('orders the five tiers of seed 000', () => {
    const candidates = [
      listed('far-listed', '13'),
      listed('near-listed', '38'),
      user('far-user', '75', '2026-03-02T08:00:00Z'),
      listed('area-listed', '69'),
      user('near-user', '01', '2026-03-02T08:00:00Z'),
      user('area-user', '69', '2026-03-09T08:00:00Z'),
    ];
    const ranked = ids(
      rankDirectoryCandidates(candidates, area, { random: seededRandom(1) }),
    );
    expect(ranked.slice(0, 4)).toEqual([
      'area-user',
      'near-user',
      'area-listed',
      'near-listed',
    ]);
    // A user far away is just "the rest of France", shuffled with everyone there.
    expect(new Set(ranked.slice(4))).toEqual(
      new Set(['far-user', 'far-listed']),
    );
  });

  it('orders Passerelle users by earliest availability, users without slot last in their tier', () => {
    const candidates = [
      user('none', '69', null),
      user('late', '69', '2026-03-05T14:00:00Z'),
      user('early', '69', '2026-03-02T09:00:00Z'),
      user('near-early', '42', '2026-03-01T07:00:00Z'),
      user('near-none', '42', null),
      user('mid', '69', '2026-03-03T10:30:00Z'),
      listed('area-listed', '69'),
    ];
    expect(
      ids(
        rankDirectoryCandidates(candidates, area, { random: seededRandom(7) }),
      ),
    ).toEqual([
      'early',
      'mid',
      'late',
      'none',
      'near-early',
      'near-none',
      'area-listed',
    ]);
  });

  it('puts a neighbouring user after every user of the area, however soon they are free', () => {
    const ranked = rankDirectoryCandidates(
      [
        user('near', '71', '2026-03-01T07:00:00Z'),
        user('area', '69', '2026-06-01T07:00:00Z'),
      ],
      area,
    );
    expect(ids(ranked)).toEqual(['area', 'near']);
  });

  it('ignores slots of practitioners who do not use Passerelle', () => {
    const ghost = {
      ...listed('ghost', '69'),
      nextFreeSlot: at('2026-01-01T00:00:00Z'),
    };
    const ranked = rankDirectoryCandidates(
      [ghost, user('user', '69', null)],
      area,
    );
    expect(ids(ranked)).toEqual(['user', 'ghost']);
  });

  it('shuffles ties in availability: over many runs both orders appear', () => {
    const sameSlot = '2026-03-02T09:00:00Z';
    const orders = ordersSeen(
      [user('a', '69', sameSlot), user('b', '69', sameSlot)],
      area,
    );
    expect(orders).toEqual(new Set(['a,b', 'b,a']));
  });

  it('shuffles users without any slot among themselves too', () => {
    const orders = ordersSeen(
      [user('a', '69', null), user('b', '69', null)],
      area,
    );
    expect(orders).toEqual(new Set(['a,b', 'b,a']));
  });

  it('never reorders different availabilities, while ties around them move', () => {
    const candidates = [
      user('tie-1', '69', '2026-03-03T09:00:00Z'),
      user('first', '69', '2026-03-02T09:00:00Z'),
      user('tie-2', '69', '2026-03-03T09:00:00Z'),
      user('last', '69', '2026-03-04T09:00:00Z'),
      user('near-tie-1', '38', '2026-03-01T09:00:00Z'),
      user('near-tie-2', '38', '2026-03-01T09:00:00Z'),
    ];
    const orders = ordersSeen(candidates, area);
    for (const order of orders) {
      const list = order.split(',');
      expect(list[0]).toBe('first');
      expect(new Set(list.slice(1, 3))).toEqual(new Set(['tie-1', 'tie-2']));
      expect(list[3]).toBe('last');
      expect(new Set(list.slice(4))).toEqual(
        new Set(['near-tie-1', 'near-tie-2']),
      );
    }
    // 2 orders for the area tie × 2 for the neighbouring tie.
    expect(orders.size).toBe(4);
  });

  it('gives non-users every order within their tier, roughly evenly', () => {
    const candidates = [
      listed('a', '69'),
      listed('b', '69'),
      listed('c', '69'),
    ];
    const counts = new Map<string, number>();
    const runs = 6000;
    for (let seed = 1; seed <= runs; seed += 1) {
      const key = ids(
        rankDirectoryCandidates(candidates, area, {
          random: seededRandom(seed),
        }),
      ).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) {
      // Expected 1000 each; a fair shuffle stays well inside ±20 %.
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });

  it('keeps tiers apart whatever the random draws', () => {
    const candidates = [
      listed('far', '2A'),
      listed('near', '01'),
      listed('area', '69'),
      user('user', '69', null),
    ];
    for (const order of ordersSeen(candidates, area, 50)) {
      expect(order).toBe('user,area,near,far');
    }
  });

  it('is reproducible with the same seed and does not touch its input', () => {
    const candidates = Array.from({ length: 20 }, (_, i) =>
      listed(`p${i}`, i % 2 ? '69' : '33'),
    );
    const before = ids(candidates);
    const first = rankDirectoryCandidates(candidates, area, {
      random: seededRandom(42),
    });
    const second = rankDirectoryCandidates(candidates, area, {
      random: seededRandom(42),
    });
    expect(ids(first)).toEqual(ids(second));
    expect(ids(candidates)).toEqual(before);
    expect(first).not.toBe(candidates);
  });

  it('uses the union of neighbours for a multi-département area', () => {
    const candidates = [
      listed('yvelines', '78'),
      listed('paris', '75'),
      listed('essonne', '91'),
      listed('lyon', '69'),
    ];
    const ranked = rankDirectoryCandidates(candidates, new Set(['75', '92']), {
      random: seededRandom(3),
    });
    expect(ids(ranked)[0]).toBe('paris');
    expect(new Set(ids(ranked).slice(1, 3))).toEqual(
      new Set(['yvelines', 'essonne']),
    );
    expect(ids(ranked)[3]).toBe('lyon');
  });

  it('handles Corsica and the overseas départements', () => {
    const candidates = [
      user('bastia', '2B', '2026-03-02T09:00:00Z'),
      user('nice', '06', '2026-03-01T09:00:00Z'),
      user('ajaccio', '2A', null),
    ];
    expect(ids(rankDirectoryCandidates(candidates, '2A'))).toEqual([
      'ajaccio',
      'bastia',
      'nice',
    ]);
    const reunion = rankDirectoryCandidates(
      [
        listed('paris', '75'),
        user('saint-denis', '974', null),
        listed('mayotte', '976'),
      ],
      ['974'],
      { random: seededRandom(5) },
    );
    expect(ids(reunion)[0]).toBe('saint-denis');
    expect(new Set(ids(reunion).slice(1))).toEqual(
      new Set(['paris', 'mayotte']),
    );
  });

  it('treats an unknown or missing département as the rest of France', () => {
    const areaOf69 = searchAreaOf(['69']);
    expect(
      directoryTierOf(user('x', null, '2026-03-02T09:00:00Z'), areaOf69),
    ).toBe('rest-of-france');
    expect(directoryTierOf(listed('y', '99'), areaOf69)).toBe('rest-of-france');
    expect(directoryTierOf(listed('z', '42'), areaOf69)).toBe(
      'directory-in-neighbouring-departements',
    );
  });

  it('rejects a bad search area', () => {
    expect(() => rankDirectoryCandidates([], ['20'])).toThrow(
      UnknownDepartementError,
    );
    expect(() => rankDirectoryCandidates([], [])).toThrow(
      /Zone de recherche vide/,
    );
  });

  it('treats an invalid date as no slot', () => {
    const broken = {
      ...user('broken', '69', null),
      nextFreeSlot: new Date('not a date'),
    };
    const ranked = rankDirectoryCandidates(
      [
        broken,
        user('late', '69', '2026-09-01T08:00:00Z'),
        user('early', '69', '2026-03-01T08:00:00Z'),
      ],
      area,
    );
    expect(ids(ranked)).toEqual(['early', 'late', 'broken']);
  });

  it('returns an empty list for no candidates', () => {
    expect(rankDirectoryCandidates([], '75')).toEqual([]);
  });
});

describe('seededRandom', () => {
  it('is deterministic, in [0, 1), and differs between seeds', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const c = seededRandom(10);
    const drawsA = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(drawsA);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(drawsA);
    for (const x of drawsA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
