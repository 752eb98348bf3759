import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { ValidationFailed } from '@passerelle/api/platform';
import type {
  DirectoryResultView,
  DirectorySearchQuery,
  DirectorySearchResult,
} from '@passerelle/shared/contracts';
import { isDepartementCode } from '../geography/departements';
import {
  DIRECTORY_TIERS,
  type DirectoryTier,
  type SearchArea,
  searchAreaOf,
} from './directory-ranking';
import {
  type DirectoryRow,
  DirectoryRepository,
  type TierSearch,
} from './directory.repository';
import { readSearchPlace, UnknownSearchPlace } from './search-place';

export const DIRECTORY_PAGE_SIZE = 20;

const TIER_VIEW: Readonly<Record<DirectoryTier, DirectoryResultView['tier']>> =
  {
    'passerelle-in-area': 'AREA',
    'passerelle-in-neighbouring-departements': 'NEIGHBOURS',
    'directory-in-area': 'AREA',
    'directory-in-neighbouring-departements': 'NEIGHBOURS',
    'rest-of-france': 'FRANCE',
  };

/**
 * Directory search (seed 000, issue 3 §7): practitioners of one specialty
 * around a place, in the five tiers of the ranking module, one page at a
 * time.
 *
 * Paging walks the tiers in order: page N starts `(N - 1) × 20` results in;
 * a tier entirely before that point is only counted (a cheap indexed count),
 * never read; a tier read from its start needs no count at all, so the first
 * page is usually one query. The last tier is never counted: one result more
 * than the page is asked for to know whether another page follows.
 */
@Injectable()
export class DirectorySearch {
  constructor(private readonly repository: DirectoryRepository) {}

  async search(
    query: DirectorySearchQuery,
    now: Date = new Date(),
  ): Promise<DirectorySearchResult> {
    const page = query.page ?? 1;
    const seed = query.seed ?? randomInt(1, 2 ** 31 - 1);
    const area = await this.searchArea(query.place);
    const search: TierSearch = {
      specialtyCode: query.specialty.trim().toUpperCase(),
      area: [...area.departements],
      neighbours: [...area.neighbours],
      seed,
      now,
    };

    const results: DirectoryResultView[] = [];
    let skip = (page - 1) * DIRECTORY_PAGE_SIZE;
    let wanted = DIRECTORY_PAGE_SIZE + 1;
    for (const [index, tier] of DIRECTORY_TIERS.entries()) {
      const last = index === DIRECTORY_TIERS.length - 1;
      if (skip > 0 && !last) {
        const size = await this.repository.countTier(tier, search);
        if (skip >= size) {
          skip -= size;
          continue;
        }
      }
      const rows = await this.repository.tierPage(tier, search, skip, wanted);
      results.push(...rows.map((row) => resultView(row, tier)));
      wanted -= rows.length;
      skip = 0;
      if (wanted === 0) break;
    }

    return {
      results: results.slice(0, DIRECTORY_PAGE_SIZE),
      page,
      pageSize: DIRECTORY_PAGE_SIZE,
      hasMore: results.length > DIRECTORY_PAGE_SIZE,
      seed,
    };
  }

  /**
   * The area of a typed place (commune, postcode or département) and the
   * ring of neighbouring départements around it — also the SAS regulator
   * search's (libs/api/regulation). An unknown place → 400 on `place`.
   */
  async searchArea(place: string): Promise<SearchArea> {
    return searchAreaOf(await this.departementsOf(place));
  }

  /** The searched area's départements; an unknown place is the searcher's mistake (400). */
  private async departementsOf(text: string): Promise<string[]> {
    try {
      const place = readSearchPlace(text);
      if (place.kind !== 'commune') {
        return [place.departement];
      }
      const found = (
        await this.repository.departementsOfCommune(place.name)
      ).filter(isDepartementCode);
      if (found.length === 0) {
        throw new UnknownSearchPlace(
          `Commune inconnue : « ${place.name} ». Vérifiez l’orthographe, ou indiquez un code postal ou un numéro de département.`,
        );
      }
      return found;
    } catch (error) {
      if (error instanceof UnknownSearchPlace) {
        throw new ValidationFailed(error.message, { place: [error.message] });
      }
      throw error;
    }
  }
}

const CIVILITY_ABBREVIATIONS: Readonly<Record<string, string>> = {
  docteur: 'Dr',
  professeur: 'Pr',
  madame: 'Mme',
  monsieur: 'M.',
};

function displayNameOf(row: DirectoryRow): string {
  const civility = row.civility
    ? (CIVILITY_ABBREVIATIONS[row.civility.toLowerCase()] ?? row.civility)
    : null;
  return [civility, row.firstName, row.lastName].filter(Boolean).join(' ');
}

function resultView(
  row: DirectoryRow,
  tier: DirectoryTier,
): DirectoryResultView {
  return {
    kind: row.kind,
    tier: TIER_VIEW[tier],
    practitionerId: row.practitionerId,
    rpps: row.rpps,
    displayName: displayNameOf(row),
    specialtyLabel: row.specialtyLabel,
    addressLine: row.addressLine,
    postcode: row.postcode,
    commune: row.commune,
    departement: row.departement,
    nextFreeSlot: row.nextFreeSlotAt ? row.nextFreeSlotAt.toISOString() : null,
  };
}
