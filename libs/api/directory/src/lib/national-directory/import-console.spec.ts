import { PassThrough } from 'node:stream';
import { formatImportSummary, terminalProgressBar } from './import-console';
import type { NationalDirectoryImportReport } from './national-directory-import.service';

const report = (
  overrides: Partial<NationalDirectoryImportReport> = {},
): NationalDirectoryImportReport => ({
  file: 'extraction.txt',
  linesRead: 1204,
  linesAccepted: 1200,
  rejectedCount: 4,
  rejected: [
    {
      lineNumber: 12,
      reason: 'Nombre de colonnes incorrect : 53 au lieu de 56',
    },
    { lineNumber: 300, reason: "Nom d'exercice manquant" },
  ],
  entriesImported: 990,
  entriesCreated: 990,
  entriesRemoved: 0,
  durationMs: 83_400,
  ...overrides,
});

describe('formatImportSummary', () => {
  it('gives the counts, each listed rejected line with its reason, the rest as a count, and the duration', () => {
    expect(formatImportSummary(report())).toEqual([
      'national directory imported from extraction.txt',
      '  lines read:       1204 (header excluded)',
      '  lines accepted:   1200',
      '  records imported: 990 (one per practitioner and postcode; 990 new)',
      '  rejected lines:   4',
      '    line 12: Nombre de colonnes incorrect : 53 au lieu de 56',
      "    line 300: Nom d'exercice manquant",
      '    … and 2 more',
      '  duration:         1 min 23 s',
    ]);
  });

  it('says nothing more when every line was listed, and reports removed records', () => {
    const lines = formatImportSummary(
      report({
        rejectedCount: 0,
        rejected: [],
        entriesRemoved: 3,
        durationMs: 1250,
      }),
    );
    expect(lines.some((line) => line.includes('more'))).toBe(false);
    expect(lines).toContain(
      '  records removed:  3 (no longer in the extraction)',
    );
    expect(lines.at(-1)).toBe('  duration:         1.3 s');
  });
});

describe('terminalProgressBar', () => {
  it('starts, updates and stops without a terminal (draws nothing)', () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const bar = terminalProgressBar(stream);
    bar.start(10 * 1024 * 1024);
    bar.update(5 * 1024 * 1024);
    bar.stop();
    expect(Buffer.concat(chunks).toString()).toBe('');
  });
});
