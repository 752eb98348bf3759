import { Test } from '@nestjs/testing';
import { PRISMA } from '@passerelle/api/database';
import {
  createTestDatabase,
  TestDatabase,
} from '@passerelle/api/database/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRppsExtraction } from './rpps-extraction.fixture';
import {
  RPPS_EXTRACTION_COLUMNS,
  RppsExtractionFormatError,
} from './rpps-extraction.parser';
import {
  type ImportProgress,
  NationalDirectoryImport,
  NationalDirectoryImportFailed,
} from './national-directory-import.service';
import { NationalDirectoryRepository } from './national-directory.repository';

jest.setTimeout(60_000);

interface EntryRow extends Record<string, unknown> {
  id: string;
  rpps: string;
  postcode: string;
  lastName: string;
  specialtyCode: string | null;
  departement: string | null;
  communeKey: string | null;
  importedAt: Date;
}

describe.each(['postgres', 'pglite'] as const)(
  'national directory import on %s',
  (kind) => {
    let db: TestDatabase;
    let importer: NationalDirectoryImport;
    let dir: string;

    const fixture = generateRppsExtraction({ validLines: 240, seed: 7 });
    /** One entry per identifier and postcode, as the import merges them. */
    const expectedKeys = new Set(
      fixture.expectedRecords.map((r) => `${r.rpps}|${r.postcode ?? ''}`),
    );

    const entries = () =>
      db.driver.query<EntryRow>(
        `SELECT id, rpps, postcode, "lastName", "specialtyCode", departement, "communeKey", "importedAt"
         FROM "DirectoryEntry" ORDER BY rpps, postcode`,
      );

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      const moduleRef = await Test.createTestingModule({
        providers: [
          NationalDirectoryRepository,
          NationalDirectoryImport,
          { provide: PRISMA, useValue: db.prisma },
        ],
      }).compile();
      importer = moduleRef.get(NationalDirectoryImport);
      dir = mkdtempSync(join(tmpdir(), 'rpps-import-'));
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db.destroy();
    });

    it('imports a synthetic extraction, reporting each bad line with its number and reason', async () => {
      const file = join(dir, 'extraction.txt');
      writeFileSync(file, fixture.content);
      const seen: number[] = [];
      let stopped = false;
      const progress: ImportProgress = {
        start: (total) => seen.push(-total),
        update: (bytes) => seen.push(bytes),
        stop: () => {
          stopped = true;
        },
      };

      // Small batches: a practitioner's second activity often lands in the next one.
      const report = await importer.importFile(file, {
        batchSize: 9,
        progress,
      });

      expect(fixture.rejectedLines).toHaveLength(4);
      expect(report.linesRead).toBe(240 + 4);
      expect(report.linesAccepted).toBe(240);
      expect(report.rejectedCount).toBe(4);
      expect(report.rejected.map((r) => r.lineNumber)).toEqual(
        fixture.rejectedLines.map((r) => r.lineNumber),
      );
      const reasons = report.rejected.map((r) => r.reason);
      expect(reasons[0]).toMatch(/Nombre de colonnes incorrect/);
      expect(reasons[1]).toMatch(/Identifiant RPPS invalide/);
      expect(reasons[2]).toMatch(/Nom d'exercice manquant/);
      expect(reasons[3]).toMatch(/Code postal invalide/);

      expect(report.entriesImported).toBe(expectedKeys.size);
      expect(report.entriesCreated).toBe(expectedKeys.size);
      expect(report.entriesRemoved).toBe(0);
      expect(report.durationMs).toBeGreaterThanOrEqual(0);

      const rows = await entries();
      expect(rows).toHaveLength(expectedKeys.size);
      expect(new Set(rows.map((r) => `${r.rpps}|${r.postcode}`))).toEqual(
        expectedKeys,
      );

      // Progress: the file's size first, then growing byte counts up to it; stopped.
      const size = Buffer.byteLength(fixture.content);
      expect(seen[0]).toBe(-size);
      expect(seen.at(-1)).toBe(size);
      expect(stopped).toBe(true);
    });

    it('keeps the first line of a practitioner seen on several lines, even across batches', async () => {
      const rows = await entries();
      const byKey = new Map(rows.map((r) => [`${r.rpps}|${r.postcode}`, r]));
      for (const record of fixture.expectedRecords) {
        const row = byKey.get(`${record.rpps}|${record.postcode ?? ''}`);
        const first = fixture.expectedRecords.find(
          (r) => r.rpps === record.rpps && r.postcode === record.postcode,
        );
        expect(row).toMatchObject({
          lastName: first?.lastName,
          specialtyCode: first?.specialtyCode,
          departement: first?.departement,
        });
      }
      const lyon = rows.find(
        (r) => r.departement === '69' && r.postcode !== '',
      );
      expect(lyon?.communeKey).toBe('lyon');
    });

    it('is idempotent: importing the same file again leaves the same rows, freshly dated', async () => {
      const file = join(dir, 'extraction.txt');
      const before = await entries();
      const report = await importer.importFile(file);
      const after = await entries();

      expect(report.entriesImported).toBe(expectedKeys.size);
      expect(report.entriesCreated).toBe(0);
      expect(after).toHaveLength(before.length);
      // Same rows, same ids: updated in place, not deleted and re-created.
      const undated = (rows: EntryRow[]) =>
        rows.map((row) => ({ ...row, importedAt: undefined }));
      expect(undated(after)).toEqual(undated(before));
      for (const [i, row] of after.entries()) {
        expect(row.importedAt.getTime()).toBeGreaterThan(
          before[i].importedAt.getTime(),
        );
      }
    });

    it('removes entries missing from the file only when asked to (prune)', async () => {
      const smaller = generateRppsExtraction({
        validLines: 30,
        seed: 7,
        badLines: false,
      });
      const file = join(dir, 'smaller.txt');
      writeFileSync(file, smaller.content);
      const kept = new Set(
        smaller.expectedRecords.map((r) => `${r.rpps}|${r.postcode ?? ''}`),
      );

      const partial = await importer.importFile(file);
      expect(partial.entriesRemoved).toBe(0);
      expect(await entries()).toHaveLength(expectedKeys.size);

      const full = await importer.importFile(file, { prune: true });
      expect(full.entriesImported).toBe(kept.size);
      expect(full.entriesRemoved).toBe(expectedKeys.size - kept.size);
      const rows = await entries();
      expect(new Set(rows.map((r) => `${r.rpps}|${r.postcode}`))).toEqual(kept);
    });

    it('fails on a missing file or a wrong header, writing nothing', async () => {
      const countBefore = (await entries()).length;
      await expect(
        importer.importFile(join(dir, 'absent.txt')),
      ).rejects.toThrow(NationalDirectoryImportFailed);
      await expect(
        importer.importFile(join(dir, 'absent.txt')),
      ).rejects.toThrow(/Fichier introuvable/);

      const wrongHeader = join(dir, 'wrong-header.txt');
      const columns = RPPS_EXTRACTION_COLUMNS.filter(
        (c) => c !== 'Identifiant PP',
      );
      writeFileSync(
        wrongHeader,
        generateRppsExtraction({ validLines: 5, columns }).content,
      );
      await expect(importer.importFile(wrongHeader)).rejects.toThrow(
        RppsExtractionFormatError,
      );
      expect((await entries()).length).toBe(countBefore);
    });
  },
);
