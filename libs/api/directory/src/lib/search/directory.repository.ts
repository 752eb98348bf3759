import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
import type { DirectoryTier } from './directory-ranking';

/** One line of a search result, before it is shaped for the API. */
export interface DirectoryRow {
  kind: 'PASSERELLE' | 'NATIONAL_DIRECTORY';
  practitionerId: string | null;
  rpps: string;
  civility: string | null;
  firstName: string | null;
  lastName: string;
  specialtyLabel: string | null;
  addressLine: string | null;
  postcode: string | null;
  commune: string | null;
  departement: string | null;
  /** Earliest free slot bookable online, null when none (or when it is already past). */
  nextFreeSlotAt: Date | null;
}

/** What every tier query needs: the specialty, the area and its ring, the order's seed. */
export interface TierSearch {
  specialtyCode: string;
  area: readonly string[];
  neighbours: readonly string[];
  seed: number;
  /** Slots before this instant are stale and count as "no free slot". */
  now: Date;
}

/**
 * The directory's queries, in SQL: tiering, ordering and paging happen in
 * PostgreSQL, one tier at a time, so a page never loads more than its own
 * rows into Node.
 *
 * Tiers are those of the ranking module (directory-ranking.ts, seed 000):
 * - Passerelle practitioners (active account) in the area, then in the
 *   neighbouring départements: earliest `nextFreeSlotAt` first, those with no
 *   future slot last; ties in the seeded random order;
 * - national-directory entries whose RPPS is not an active Passerelle
 *   practitioner, in the area, then in the neighbouring départements;
 * - the rest of France: those entries elsewhere (or with no known
 *   département) together with Passerelle practitioners elsewhere.
 *
 * Random order = md5(id || seed): stable for one seed, so page 2 continues
 * page 1, and different from one seed to the next. Indexes used:
 * Practitioner(specialtyCode, departement, nextFreeSlotAt),
 * DirectoryEntry(specialtyCode, departement), Practitioner(rpps) for the
 * exclusion, (communeKey) on both tables for commune names.
 */
@Injectable()
export class DirectoryRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async countTier(tier: DirectoryTier, search: TierSearch): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM (${tierRows(tier, search)}) AS tier`;
    return row?.count ?? 0;
  }

  async tierPage(
    tier: DirectoryTier,
    search: TierSearch,
    offset: number,
    limit: number,
  ): Promise<DirectoryRow[]> {
    const order = PASSERELLE_TIERS.has(tier)
      ? Prisma.sql`"nextFreeSlotAt" ASC NULLS LAST, shuffle, id`
      : Prisma.sql`shuffle, id`;
    return this.prisma.$queryRaw<DirectoryRow[]>`
      SELECT kind, "practitionerId", rpps, civility, "firstName", "lastName", "specialtyLabel",
             "addressLine", postcode, commune, departement, "nextFreeSlotAt"
        FROM (${tierRows(tier, search)}) AS tier
       ORDER BY ${order}
      OFFSET ${offset} LIMIT ${limit}`;
  }

  /**
   * The départements where a commune of that name has a Passerelle
   * practitioner or a national-directory entry, compared on
   * directory_commune_key() (lower case, no accents or punctuation, "St" =
   * "Saint", arrondissements = the city; see the migration
   * *_directory_indexes), stored in an indexed generated column of both
   * tables.
   */
  async departementsOfCommune(name: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ departement: string }[]>`
      WITH wanted AS (SELECT directory_commune_key(${name}) AS key)
      SELECT d.departement FROM "DirectoryEntry" d, wanted
       WHERE d."communeKey" = wanted.key AND d.departement IS NOT NULL
      UNION
      SELECT p.departement FROM "Practitioner" p, wanted
       WHERE p."communeKey" = wanted.key
      ORDER BY 1`;
    return rows.map((row) => row.departement);
  }
}

/** Ordered by availability; the other tiers are purely random. */
const PASSERELLE_TIERS: ReadonlySet<DirectoryTier> = new Set([
  'passerelle-in-area',
  'passerelle-in-neighbouring-departements',
]);

/** A Passerelle practitioner is listed while their account is active (seed 000: a former subscriber drops to the national directory). */
const ACTIVE_PRACTITIONER = Prisma.sql`
  "Practitioner" p JOIN "Account" a ON a.id = p."accountId" AND a.status = 'ACTIVE'`;

function passerelleRows(search: TierSearch, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT p.id, 'PASSERELLE' AS kind, p.id::text AS "practitionerId", p.rpps,
           p.civility, p."firstName", p."lastName", p."specialtyLabel",
           p."addressLine", p.postcode, p.commune, p.departement,
           CASE WHEN p."nextFreeSlotAt" >= ${search.now}::timestamptz THEN p."nextFreeSlotAt" END AS "nextFreeSlotAt",
           md5(p.id::text || ${String(search.seed)}::text) AS shuffle
      FROM ${ACTIVE_PRACTITIONER}
     WHERE p."specialtyCode" = ${search.specialtyCode} AND ${where}`;
}

function directoryRows(search: TierSearch, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT d.id, 'NATIONAL_DIRECTORY' AS kind, NULL::text AS "practitionerId", d.rpps,
           d.civility, nullif(d."firstName", '') AS "firstName", d."lastName", d."specialtyLabel",
           d."addressLine", nullif(d.postcode, '') AS postcode, d.commune, d.departement,
           NULL::timestamptz AS "nextFreeSlotAt",
           md5(d.id::text || ${String(search.seed)}::text) AS shuffle
      FROM "DirectoryEntry" d
     WHERE d."specialtyCode" = ${search.specialtyCode} AND ${where}
       AND NOT EXISTS (SELECT 1 FROM ${ACTIVE_PRACTITIONER} WHERE p.rpps = d.rpps)`;
}

function tierRows(tier: DirectoryTier, search: TierSearch): Prisma.Sql {
  const area = [...search.area];
  const near = [...search.neighbours];
  const areaAndNear = [...area, ...near];
  switch (tier) {
    case 'passerelle-in-area':
      return passerelleRows(
        search,
        Prisma.sql`p.departement = ANY(${area}::text[])`,
      );
    case 'passerelle-in-neighbouring-departements':
      return passerelleRows(
        search,
        Prisma.sql`p.departement = ANY(${near}::text[])`,
      );
    case 'directory-in-area':
      return directoryRows(
        search,
        Prisma.sql`d.departement = ANY(${area}::text[])`,
      );
    case 'directory-in-neighbouring-departements':
      return directoryRows(
        search,
        Prisma.sql`d.departement = ANY(${near}::text[])`,
      );
    case 'rest-of-france':
      // The rest is one random tier, Passerelle users or not (ranking module's decision).
      return Prisma.sql`
        ${directoryRows(search, Prisma.sql`(d.departement IS NULL OR NOT d.departement = ANY(${areaAndNear}::text[]))`)}
        UNION ALL
        ${passerelleRows(search, Prisma.sql`NOT p.departement = ANY(${areaAndNear}::text[])`)}`;
  }
}
