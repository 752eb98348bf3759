import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  type MergedRppsActivity,
  mergeActivities,
  parseRppsExtraction,
  type RppsActivityRecord,
} from './rpps-extraction.parser';
import {
  type DirectoryEntryInput,
  NationalDirectoryRepository,
} from './national-directory.repository';

/** Rejected lines kept with their reason in the report; the others are only counted. */
export const REJECTED_LINES_REPORTED = 50;

export interface RejectedLine {
  lineNumber: number;
  reason: string;
}

export interface NationalDirectoryImportReport {
  file: string;
  /** Data lines read (the header and blank lines are not counted). */
  linesRead: number;
  linesAccepted: number;
  rejectedCount: number;
  /** The first {@link REJECTED_LINES_REPORTED} rejected lines, in file order. */
  rejected: RejectedLine[];
  /** Directory entries (one per practitioner and postcode) this import wrote. */
  entriesImported: number;
  /** Of those, entries that were not in the directory before. */
  entriesCreated: number;
  /** Entries absent from the file, removed (only when `prune` is asked for). */
  entriesRemoved: number;
  durationMs: number;
}

/** Told how far the import has read, in bytes of the file. */
export interface ImportProgress {
  start(totalBytes: number): void;
  update(bytesRead: number): void;
  stop(): void;
}

export interface NationalDirectoryImportOptions {
  progress?: ImportProgress;
  /** Accepted lines per database statement (default 1000). */
  batchSize?: number;
  /**
   * The file is the whole extraction: remove the entries it no longer has
   * (retired practitioners, those who opposed their listing). Off by default
   * so that importing a partial file never empties the directory.
   */
  prune?: boolean;
}

/** The file cannot be imported at all (missing, unreadable). */
export class NationalDirectoryImportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NationalDirectoryImportFailed';
  }
}

/**
 * Loads the public RPPS extraction ("PS_LibreAcces_Personne_activite") into
 * DirectoryEntry: streamed (memory stays flat for the two-million-line
 * file), upserted by batches keyed on (identifier, postcode), so importing
 * the same file again leaves the same rows, with a fresh `importedAt`.
 * Rejected lines never stop the import; they are reported with their line
 * number and reason. A missing file or a wrong header is fatal: it throws
 * before anything is written.
 *
 * Reading and writing overlap: the next batch is parsed while the previous
 * one is being written (one write in flight at most, so batches land in
 * file order — the upsert's "first line wins" relies on it).
 */
@Injectable()
export class NationalDirectoryImport {
  constructor(private readonly repository: NationalDirectoryRepository) {}

  async importFile(
    file: string,
    options: NationalDirectoryImportOptions = {},
  ): Promise<NationalDirectoryImportReport> {
    const started = performance.now();
    const size = await fileSize(file);
    const batchSize = options.batchSize ?? 1000;
    // One timestamp for the whole run: it tells this run's rows from older ones.
    const importedAt = new Date();
    const report: NationalDirectoryImportReport = {
      file,
      linesRead: 0,
      linesAccepted: 0,
      rejectedCount: 0,
      rejected: [],
      entriesImported: 0,
      entriesCreated: 0,
      entriesRemoved: 0,
      durationMs: 0,
    };

    let batch: RppsActivityRecord[] = [];
    let writing: Promise<void> | undefined;
    const flush = async () => {
      const entries = mergeActivities(batch).map(directoryEntryOf);
      batch = [];
      await writing;
      writing = this.repository
        .upsertBatch(entries, importedAt)
        .then(({ created }) => {
          report.entriesCreated += created;
        });
      // Handled when awaited; this only keeps Node from calling it unhandled meanwhile.
      writing.catch(() => undefined);
    };

    options.progress?.start(size);
    try {
      const input = createReadStream(file, { highWaterMark: 1 << 20 });
      for await (const result of parseRppsExtraction(input, (bytes) =>
        options.progress?.update(bytes),
      )) {
        report.linesRead += 1;
        if (!result.ok) {
          report.rejectedCount += 1;
          if (report.rejected.length < REJECTED_LINES_REPORTED) {
            report.rejected.push({
              lineNumber: result.lineNumber,
              reason: result.reason,
            });
          }
          continue;
        }
        report.linesAccepted += 1;
        batch.push(result.record);
        if (batch.length >= batchSize) {
          await flush();
        }
      }
      await flush();
      await writing;
    } finally {
      await writing?.catch(() => undefined);
      options.progress?.stop();
    }

    report.entriesImported = await this.repository.countImportedAt(importedAt);
    if (options.prune) {
      report.entriesRemoved =
        await this.repository.deleteImportedBefore(importedAt);
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new NationalDirectoryImportFailed(
        `« ${file} » n’est pas un fichier / "${file}" is not a file`,
      );
    }
    return info.size;
  } catch (error) {
    if (error instanceof NationalDirectoryImportFailed) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new NationalDirectoryImportFailed(
      code === 'ENOENT'
        ? `Fichier introuvable : ${file} / File not found: ${file}`
        : `Fichier illisible : ${file} (${code ?? String(error)}) / Cannot read file: ${file}`,
    );
  }
}

/** The first specialty with a code names the entry (DirectoryEntry has one specialty per place). */
function directoryEntryOf(activity: MergedRppsActivity): DirectoryEntryInput {
  const specialty =
    activity.specialties.find((s) => s.code !== null) ??
    activity.specialties[0];
  return {
    rpps: activity.rpps,
    postcode: activity.postcode ?? '',
    civility: activity.civility,
    lastName: activity.lastName,
    firstName: activity.firstName ?? '',
    professionCode: activity.professionCode ?? '',
    professionLabel: activity.professionLabel ?? '',
    specialtyCode: specialty?.code ?? null,
    specialtyLabel: specialty?.label ?? null,
    addressLine: activity.addressLine,
    commune: activity.communeLabel,
    communeInsee: activity.communeInsee,
    departement: activity.departement,
    phone: activity.phone,
  };
}
