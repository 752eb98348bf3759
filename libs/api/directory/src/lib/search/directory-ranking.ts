import { neighboursOfArea } from '../geography/departement-adjacency';
import {
  isDepartementCode,
  UnknownDepartementError,
} from '../geography/departements';

/** What the ranking needs to know about a practitioner found by a search. */
export interface DirectoryCandidate {
  id: string;
  /** Département of the place of consultation; null or unknown → "rest of France". */
  departement: string | null;
  /** Has an active Passerelle agenda (as opposed to a national-directory entry only). */
  usesPasserelle: boolean;
  /** Earliest bookable slot; null when none in the horizon. Ignored for non-users. */
  nextFreeSlot: Date | null;
}

/**
 * The result tiers of seed 000 / issue 3 §7, in display order.
 *
 * Decision — Passerelle users with no free slot: seed 000 says membership of
 * the first two tiers depends only on the practitioner's choice to use the
 * platform, and that those tiers are ordered by availability. So a user with
 * no free slot stays in their tier, after every user of that tier who has one
 * (no availability = the latest possible availability); several such users
 * are a tie and come in random order. They still come before non-users: their
 * profile is on Passerelle and a slot can open at any time.
 *
 * Decision — Passerelle users outside the area and its neighbours: seed 000
 * only ranks users "in the searched area" and "in neighbouring départements";
 * beyond that everyone is "the rest of France", in random order, users or not.
 */
export type DirectoryTier =
  | 'passerelle-in-area'
  | 'passerelle-in-neighbouring-departements'
  | 'directory-in-area'
  | 'directory-in-neighbouring-departements'
  | 'rest-of-france';

export const DIRECTORY_TIERS: readonly DirectoryTier[] = [
  'passerelle-in-area',
  'passerelle-in-neighbouring-departements',
  'directory-in-area',
  'directory-in-neighbouring-departements',
  'rest-of-france',
];

export interface DirectoryRankingOptions {
  /**
   * Source of randomness for tie-breaks, in [0, 1). Defaults to Math.random.
   * Inject `seededRandom(seed)` to get a reproducible order, e.g. the same
   * order on every page of one search.
   */
  random?: () => number;
}

/**
 * The searched area, normalised: its départements and the ring of
 * neighbouring départements around it. A commune or postcode is resolved to
 * its département by the caller (`departementOfCommuneInsee`,
 * `departementOfPostcode`) before it gets here.
 */
export interface SearchArea {
  departements: ReadonlySet<string>;
  neighbours: ReadonlySet<string>;
}

export function searchAreaOf(departements: Iterable<string>): SearchArea {
  const inside = new Set<string>();
  for (const code of departements) {
    if (!isDepartementCode(code)) {
      throw new UnknownDepartementError(code);
    }
    inside.add(code);
  }
  if (inside.size === 0) {
    throw new RangeError(
      'Zone de recherche vide : au moins un département attendu / Empty search area: at least one département expected',
    );
  }
  return {
    departements: inside,
    neighbours: new Set(neighboursOfArea(inside)),
  };
}

export function directoryTierOf(
  candidate: DirectoryCandidate,
  area: SearchArea,
): DirectoryTier {
  const place = candidate.departement;
  const inArea = place !== null && area.departements.has(place);
  const nearby = !inArea && place !== null && area.neighbours.has(place);
  if (candidate.usesPasserelle && inArea) return 'passerelle-in-area';
  if (candidate.usesPasserelle && nearby)
    return 'passerelle-in-neighbouring-departements';
  if (inArea) return 'directory-in-area';
  if (nearby) return 'directory-in-neighbouring-departements';
  return 'rest-of-france';
}

/**
 * Orders directory search results (seed 000): Passerelle users in the area by
 * earliest availability, then Passerelle users in neighbouring départements by
 * availability, then non-users in the area, in neighbouring départements and in
 * the rest of France, each in random order. Equal availabilities are ties and
 * are shuffled; different ones never change order. Pure: returns a new array.
 */
export function rankDirectoryCandidates<T extends DirectoryCandidate>(
  candidates: readonly T[],
  area: SearchArea | string | Iterable<string>,
  options: DirectoryRankingOptions = {},
): T[] {
  const random = options.random ?? Math.random;
  const searchArea =
    typeof area === 'string'
      ? searchAreaOf([area])
      : isSearchArea(area)
        ? area
        : searchAreaOf(area);

  const byTier = new Map<DirectoryTier, T[]>(
    DIRECTORY_TIERS.map((tier) => [tier, []]),
  );
  for (const candidate of candidates) {
    byTier.get(directoryTierOf(candidate, searchArea))?.push(candidate);
  }

  const ranked: T[] = [];
  for (const tier of DIRECTORY_TIERS) {
    const members = byTier.get(tier) ?? [];
    if (
      tier === 'passerelle-in-area' ||
      tier === 'passerelle-in-neighbouring-departements'
    ) {
      ranked.push(...byAvailabilityWithRandomTies(members, random));
    } else {
      ranked.push(...shuffled(members, random));
    }
  }
  return ranked;
}

/**
 * No free slot sorts after every free slot: it is the latest availability. An
 * invalid Date counts as no slot rather than poisoning the sort with NaN.
 */
function availabilityKey(candidate: DirectoryCandidate): number {
  const time = candidate.nextFreeSlot?.getTime() ?? Number.NaN;
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

function byAvailabilityWithRandomTies<T extends DirectoryCandidate>(
  members: readonly T[],
  random: () => number,
): T[] {
  const sorted = [...members].sort((a, b) => {
    const ka = availabilityKey(a);
    const kb = availabilityKey(b);
    return ka === kb ? 0 : ka < kb ? -1 : 1;
  });
  const result: T[] = [];
  for (let start = 0; start < sorted.length; ) {
    const key = availabilityKey(sorted[start]);
    let end = start + 1;
    while (end < sorted.length && availabilityKey(sorted[end]) === key)
      end += 1;
    result.push(...shuffled(sorted.slice(start, end), random));
    start = end;
  }
  return result;
}

/** Fisher–Yates: every permutation equally likely given a uniform `random`. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function isSearchArea(area: SearchArea | Iterable<string>): area is SearchArea {
  return (
    'departements' in area &&
    'neighbours' in area &&
    area.departements instanceof Set
  );
}
