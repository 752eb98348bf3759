import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';

/** One national-directory entry: one practitioner (RPPS or ADELI number) at one postcode. */
export interface DirectoryEntryInput {
  rpps: string;
  /** "" when the extraction gives no postcode (the unique key needs a value). */
  postcode: string;
  civility: string | null;
  lastName: string;
  firstName: string;
  professionCode: string;
  professionLabel: string;
  specialtyCode: string | null;
  specialtyLabel: string | null;
  addressLine: string | null;
  commune: string | null;
  communeInsee: string | null;
  departement: string | null;
  phone: string | null;
}

/** Columns written by the import, in the order of the unnest() arrays below. */
const COLUMNS = [
  'rpps',
  'postcode',
  'civility',
  'lastName',
  'firstName',
  'professionCode',
  'professionLabel',
  'specialtyCode',
  'specialtyLabel',
  'addressLine',
  'commune',
  'communeInsee',
  'departement',
  'phone',
] as const satisfies readonly (keyof DirectoryEntryInput)[];

const quoted = (column: string) => Prisma.raw(`"${column}"`);

/**
 * On conflict with a row this same run already wrote (the practitioner's
 * lines straddle two batches), the first line keeps its values and only
 * fills what it left empty, as mergeActivities does within a batch; a row
 * from an earlier import is replaced by the file's values.
 */
const ON_CONFLICT_SET = Prisma.join(
  COLUMNS.filter((column) => column !== 'rpps' && column !== 'postcode').map(
    (column) => Prisma.sql`${quoted(column)} = CASE
        WHEN "DirectoryEntry"."importedAt" = EXCLUDED."importedAt"
        THEN COALESCE(NULLIF("DirectoryEntry".${quoted(column)}, ''), EXCLUDED.${quoted(column)})
        ELSE EXCLUDED.${quoted(column)} END`,
  ),
  ',\n',
);

@Injectable()
export class NationalDirectoryRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Inserts or updates a batch in one statement (so one transaction): one
   * array parameter per column, unnested into rows, INSERT … ON CONFLICT
   * (rpps, postcode) DO UPDATE. Entries must be unique by (rpps, postcode)
   * within a batch (PostgreSQL refuses to update one row twice in a
   * statement): merge them first. Returns how many rows were new.
   */
  async upsertBatch(
    entries: readonly DirectoryEntryInput[],
    importedAt: Date,
  ): Promise<{ created: number; written: number }> {
    if (entries.length === 0) {
      return { created: 0, written: 0 };
    }
    // One JSON parameter rather than an array per column: Prisma serialises
    // a single string far faster than fourteen arrays of a thousand values.
    const rows = JSON.stringify(
      entries.map((entry) => COLUMNS.map((column) => entry[column])),
    );
    const [row] = await this.prisma.$queryRaw<
      { created: number; written: number }[]
    >`
      WITH written AS (
        INSERT INTO "DirectoryEntry" (id, ${Prisma.join(COLUMNS.map(quoted))}, "importedAt")
        SELECT gen_random_uuid(), ${Prisma.join(
          COLUMNS.map((_, i) => Prisma.raw(`entry->>${i}`)),
        )}, ${importedAt}::timestamptz
          FROM jsonb_array_elements(${rows}::jsonb) AS entry
        ON CONFLICT (rpps, postcode) DO UPDATE SET
          ${ON_CONFLICT_SET},
          "importedAt" = EXCLUDED."importedAt"
        RETURNING (xmax = 0) AS created
      )
      SELECT (count(*) FILTER (WHERE created))::int AS created, count(*)::int AS written
        FROM written`;
    return { created: row?.created ?? 0, written: row?.written ?? 0 };
  }

  /** Rows written by the import that started at `importedAt`. */
  async countImportedAt(importedAt: Date): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "DirectoryEntry"
       WHERE "importedAt" = ${importedAt}::timestamptz`;
    return row?.count ?? 0;
  }

  /** Removes the entries a full import did not see (practitioners who left the public directory). */
  async deleteImportedBefore(importedAt: Date): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM "DirectoryEntry" WHERE "importedAt" < ${importedAt}::timestamptz`;
  }
}
