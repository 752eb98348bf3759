import { Presets, SingleBar } from 'cli-progress';
import type {
  ImportProgress,
  NationalDirectoryImportReport,
} from './national-directory-import.service';

const MB = 1024 * 1024;
const megabytes = (bytes: number) => (bytes / MB).toFixed(1);

/**
 * A progress bar on stderr (stdout keeps the summary, for scripts), in bytes
 * of the file. Draws nothing when stderr is not a terminal.
 */
export function terminalProgressBar(
  stream: NodeJS.WritableStream = process.stderr,
): ImportProgress {
  const bar = new SingleBar(
    {
      stream,
      format:
        'national directory |{bar}| {percentage}% | {read}/{size} MB | ETA {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let size = 0;
  return {
    start: (totalBytes) => {
      size = totalBytes;
      bar.start(Math.max(totalBytes, 1), 0, {
        read: megabytes(0),
        size: megabytes(totalBytes),
      });
    },
    update: (bytesRead) =>
      bar.update(bytesRead, {
        read: megabytes(bytesRead),
        size: megabytes(size),
      }),
    stop: () => bar.stop(),
  };
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The closing summary of `directory:import`, one line per array item. */
export function formatImportSummary(
  report: NationalDirectoryImportReport,
): string[] {
  const lines = [
    `national directory imported from ${report.file}`,
    `  lines read:       ${report.linesRead} (header excluded)`,
    `  lines accepted:   ${report.linesAccepted}`,
    `  records imported: ${report.entriesImported} (one per practitioner and postcode; ${report.entriesCreated} new)`,
  ];
  if (report.entriesRemoved > 0) {
    lines.push(
      `  records removed:  ${report.entriesRemoved} (no longer in the extraction)`,
    );
  }
  lines.push(`  rejected lines:   ${report.rejectedCount}`);
  for (const rejected of report.rejected) {
    lines.push(`    line ${rejected.lineNumber}: ${rejected.reason}`);
  }
  const unlisted = report.rejectedCount - report.rejected.length;
  if (unlisted > 0) {
    lines.push(`    … and ${unlisted} more`);
  }
  lines.push(`  duration:         ${formatDuration(report.durationMs)}`);
  return lines;
}
