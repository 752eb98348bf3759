import { Readable } from 'node:stream';
import {
  generateRppsExtraction,
  rppsExtractionLines,
} from './rpps-extraction.fixture';
import {
  mergeActivities,
  parseRppsExtraction,
  RPPS_EXTRACTION_COLUMNS,
  type RppsActivityRecord,
  RppsExtractionFormatError,
  type RppsParseResult,
} from './rpps-extraction.parser';

async function collect(
  input: NodeJS.ReadableStream,
  onProgress?: (bytesRead: number) => void,
): Promise<RppsParseResult[]> {
  const results: RppsParseResult[] = [];
  for await (const result of parseRppsExtraction(input, onProgress)) {
    results.push(result);
  }
  return results;
}

const records = (results: RppsParseResult[]): RppsActivityRecord[] =>
  results.flatMap((r) => (r.ok ? [r.record] : []));
const rejections = (results: RppsParseResult[]) =>
  results.flatMap((r) =>
    r.ok ? [] : [{ lineNumber: r.lineNumber, reason: r.reason }],
  );

/** A byte stream cut at the given sizes, cycling through them. */
function chunked(content: string | Buffer, sizes: number[]): Readable {
  const bytes =
    typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i += 1) {
    const size = sizes[i % sizes.length];
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(chunks);
}

const headerLine = `${RPPS_EXTRACTION_COLUMNS.join('|')}|`;

function lineWith(values: Partial<Record<string, string>>): string {
  return `${RPPS_EXTRACTION_COLUMNS.map((c) => values[c] ?? '').join('|')}|`;
}

describe('parseRppsExtraction', () => {
  it('reads every valid line of a generated file and rejects the bad ones by line number', async () => {
    const fixture = generateRppsExtraction({ validLines: 60, seed: 3 });
    const results = await collect(Readable.from([fixture.content]));

    expect(records(results)).toHaveLength(60);
    expect(
      records(results).map((r) => ({
        lineNumber: r.lineNumber,
        rpps: r.rpps,
        idType: r.idType,
        lastName: r.lastName,
        firstName: r.firstName,
        postcode: r.postcode,
        departement: r.departement,
        specialtyCode: r.specialtyCode,
        addressLine: r.addressLine,
        phone: r.phone,
      })),
    ).toEqual(fixture.expectedRecords);

    const rejected = rejections(results);
    expect(rejected.map((r) => r.lineNumber)).toEqual(
      fixture.rejectedLines.map((r) => r.lineNumber),
    );
    const reasonOf = (kind: string) =>
      rejected.find(
        (r) =>
          r.lineNumber ===
          fixture.rejectedLines.find((l) => l.kind === kind)?.lineNumber,
      )?.reason;
    expect(reasonOf('column-count')).toBe(
      'Nombre de colonnes incorrect : 53 au lieu de 56',
    );
    expect(reasonOf('identifier')).toMatch(
      /^Identifiant RPPS invalide : « \d{10} » \(11 chiffres attendus\)$/,
    );
    expect(reasonOf('missing-name')).toBe("Nom d'exercice manquant");
    expect(reasonOf('postcode')).toBe(
      'Code postal invalide : « 6900A » (5 chiffres attendus)',
    );
  });

  it('places the bad lines where the fixture says (header is line 1)', async () => {
    const fixture = generateRppsExtraction({ validLines: 8, seed: 1 });
    // 8 valid lines, bad lines after the 1st, 3rd, 4th and 6th valid line.
    expect(fixture.rejectedLines).toEqual([
      { lineNumber: 3, kind: 'column-count' },
      { lineNumber: 6, kind: 'identifier' },
      { lineNumber: 8, kind: 'missing-name' },
      { lineNumber: 11, kind: 'postcode' },
    ]);
    const results = await collect(Readable.from([fixture.content]));
    expect(rejections(results).map((r) => r.lineNumber)).toEqual([3, 6, 8, 11]);
    expect(records(results).map((r) => r.lineNumber)).toEqual([
      2, 4, 5, 7, 9, 10, 12, 13,
    ]);
  });

  it('finds columns by name: a file with reordered columns parses the same', async () => {
    const reversed = [...RPPS_EXTRACTION_COLUMNS].reverse();
    const shuffled = [...RPPS_EXTRACTION_COLUMNS].sort(
      (a, b) => (a.length % 7) - (b.length % 7) || a.localeCompare(b),
    );
    const canonical = await collect(
      Readable.from([
        generateRppsExtraction({ validLines: 30, seed: 9 }).content,
      ]),
    );
    for (const columns of [reversed, shuffled]) {
      const reordered = generateRppsExtraction({
        validLines: 30,
        seed: 9,
        columns,
      });
      expect(reordered.content.split('\n')[0]).not.toBe(headerLine);
      expect(await collect(Readable.from([reordered.content]))).toEqual(
        canonical,
      );
    }
  });

  it('ignores header columns it does not know and accepts a header without the trailing pipe', async () => {
    const columns = ['Colonne ajoutée', ...RPPS_EXTRACTION_COLUMNS];
    const fixture = generateRppsExtraction({
      validLines: 5,
      badLines: false,
      columns,
    });
    const withoutTrailingPipe = fixture.content.replace(/\|\n/, '\n');
    const results = await collect(Readable.from([withoutTrailingPipe]));
    expect(records(results)).toHaveLength(5);
  });

  it('refuses a file missing a required column, in French and English, before any result', async () => {
    const columns = RPPS_EXTRACTION_COLUMNS.filter(
      (c) => c !== 'Identifiant PP' && c !== "Nom d'exercice",
    );
    const fixture = generateRppsExtraction({ validLines: 3, columns });
    const error = await collect(Readable.from([fixture.content])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RppsExtractionFormatError);
    expect((error as Error).message).toContain(
      "colonne(s) manquante(s) : « Identifiant PP », « Nom d'exercice »",
    );
    expect((error as Error).message).toContain(
      "missing required column(s): Identifiant PP, Nom d'exercice",
    );
  });

  it('refuses an empty file', async () => {
    await expect(collect(Readable.from([]))).rejects.toThrow(
      /vide.*Empty RPPS extraction file/,
    );
  });

  it('decodes a multi-byte character split across two chunks', async () => {
    const fixture = generateRppsExtraction({ validLines: 40, seed: 5 });
    const bytes = Buffer.from(fixture.content, 'utf8');
    // Cut right after the first byte of every "é" (C3 A9) in the file.
    const cuts: number[] = [];
    for (
      let i = bytes.indexOf(0xc3);
      i !== -1;
      i = bytes.indexOf(0xc3, i + 1)
    ) {
      if (bytes[i + 1] === 0xa9) cuts.push(i + 1);
    }
    expect(cuts.length).toBeGreaterThan(40);
    const chunks = [0, ...cuts].map((start, k) =>
      bytes.subarray(start, cuts[k] ?? bytes.length),
    );
    expect(chunks[0].at(-1)).toBe(0xc3);
    expect(chunks[1][0]).toBe(0xa9);

    const streamed = await collect(Readable.from(chunks));
    const whole = await collect(Readable.from([fixture.content]));
    expect(streamed).toEqual(whole);
    expect(
      records(streamed).some((r) =>
        /[éÉèÈçÇ]/.test(`${r.lastName}${r.firstName}`),
      ),
    ).toBe(true);
    expect(JSON.stringify(streamed)).not.toContain('\uFFFD');
  });

  it.each([[[1]], [[2, 3]], [[7, 1, 13]], [[64]], [[4096]]])(
    'gives the same results whatever the chunk sizes (%j bytes)',
    async (sizes) => {
      const fixture = generateRppsExtraction({ validLines: 25, seed: 11 });
      const reference = await collect(Readable.from([fixture.content]));
      expect(await collect(chunked(fixture.content, sizes))).toEqual(reference);
    },
  );

  it('reports progress in bytes, ending at the file size', async () => {
    const fixture = generateRppsExtraction({ validLines: 50 });
    const size = Buffer.byteLength(fixture.content, 'utf8');
    const seen: number[] = [];
    await collect(chunked(fixture.content, [1000]), (bytes) =>
      seen.push(bytes),
    );
    expect(seen.length).toBe(Math.ceil(size / 1000));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(size);
  });

  it('counts bytes, not characters, when the stream yields strings', async () => {
    const fixture = generateRppsExtraction({ validLines: 10 });
    const stream = chunked(fixture.content, [333]);
    stream.setEncoding('utf8');
    let last = 0;
    const results = await collect(stream, (bytes) => (last = bytes));
    expect(records(results)).toHaveLength(10);
    expect(last).toBe(Buffer.byteLength(fixture.content, 'utf8'));
  });

  it('accepts CRLF line endings, a byte order mark and a missing final newline', async () => {
    const fixture = generateRppsExtraction({
      validLines: 12,
      seed: 2,
      lineEnding: '\r\n',
      bom: true,
    });
    const reference = await collect(
      Readable.from([
        generateRppsExtraction({ validLines: 12, seed: 2 }).content,
      ]),
    );
    expect(await collect(Readable.from([fixture.content]))).toEqual(reference);
    expect(
      await collect(Readable.from([fixture.content.replace(/\r\n$/, '')])),
    ).toEqual(reference);
  });

  it('skips blank lines but keeps counting them', async () => {
    const line = lineWith({
      "Type d'identifiant PP": '8',
      'Identifiant PP': '10001234567',
      "Nom d'exercice": 'MARTIN',
    });
    const results = await collect(
      Readable.from([`${headerLine}\n\n${line}\n   \n${line}\n`]),
    );
    expect(results.map((r) => (r.ok ? r.record.lineNumber : -1))).toEqual([
      3, 5,
    ]);
  });

  describe('line validation', () => {
    const base = {
      "Type d'identifiant PP": '8',
      'Identifiant PP': '10001234567',
      'Identification nationale PP': '810001234567',
      "Nom d'exercice": 'DUPONT',
      "Prénom d'exercice": 'Hélène',
    };
    const parseOne = async (values: Partial<Record<string, string>>) => {
      const [result] = await collect(
        Readable.from([`${headerLine}\n${lineWith({ ...base, ...values })}\n`]),
      );
      return result;
    };

    it.each([
      [{ 'Identifiant PP': '' }, 'Identifiant PP manquant'],
      [
        { 'Identifiant PP': '1000123456X' },
        'Identifiant RPPS invalide : « 1000123456X » (11 chiffres attendus)',
      ],
      [
        { 'Identifiant PP': '100012345678' },
        'Identifiant RPPS invalide : « 100012345678 » (11 chiffres attendus)',
      ],
      [
        { "Type d'identifiant PP": '0', 'Identifiant PP': '6912' },
        'Numéro ADELI invalide : « 6912 » (9 caractères attendus)',
      ],
      [
        { "Type d'identifiant PP": '3' },
        "Type d'identifiant inconnu : « 3 » (8 = RPPS ou 0 = ADELI attendu)",
      ],
      [{ "Nom d'exercice": '   ' }, "Nom d'exercice manquant"],
      [
        { 'Code postal (coord. structure)': '7501' },
        'Code postal invalide : « 7501 » (5 chiffres attendus)',
      ],
    ])('rejects %j: %s', async (values, reason) => {
      expect(await parseOne(values)).toEqual({
        ok: false,
        lineNumber: 2,
        reason,
      });
    });

    it('builds the address, the phone and the civility', async () => {
      const result = await parseOne({
        "Libellé civilité d'exercice": 'Docteur',
        'Libellé civilité': 'Madame',
        'Numéro Voie (coord. structure)': '12',
        'Indice répétition voie (coord. structure)': 'T',
        'Code type de voie (coord. structure)': 'R',
        'Libellé type de voie (coord. structure)': '',
        'Libellé Voie (coord. structure)': 'de la  Paix',
        'Code postal (coord. structure)': '75002',
        'Téléphone (coord. structure)': '01.42.00.00.00',
      });
      expect(result).toMatchObject({
        ok: true,
        record: {
          civility: 'Docteur',
          addressLine: '12 ter R de la Paix',
          phone: '0142000000',
          departement: '75',
          firstName: 'Hélène',
        },
      });
    });

    it('falls back to the civil civility, then to nulls', async () => {
      const result = await parseOne({
        'Libellé civilité': 'Madame',
        "Prénom d'exercice": '',
      });
      expect(result).toMatchObject({
        ok: true,
        record: {
          civility: 'Madame',
          firstName: null,
          addressLine: null,
          postcode: null,
          departement: null,
          phone: null,
        },
      });
    });

    it('takes the département from the postcode, else the commune code, else the declared one', async () => {
      const dep = async (values: Partial<Record<string, string>>) => {
        const result = await parseOne(values);
        return result.ok ? result.record.departement : 'rejected';
      };
      expect(
        await dep({
          'Code postal (coord. structure)': '20200',
          'Code Département (structure)': '2A',
        }),
      ).toBe('2B');
      expect(
        await dep({
          'Code commune (coord. structure)': '2A004',
          'Code Département (structure)': '2B',
        }),
      ).toBe('2A');
      expect(await dep({ 'Code Département (structure)': '974' })).toBe('974');
      expect(await dep({ 'Code Département (structure)': '20' })).toBeNull();
      expect(
        await dep({
          'Code postal (coord. structure)': '97133',
          'Code commune (coord. structure)': '97701',
        }),
      ).toBeNull();
    });

    it('keeps a foreign postcode abroad without inventing a département', async () => {
      const result = await parseOne({
        'Code postal (coord. structure)': '66111',
        'Libellé pays (coord. structure)': 'Allemagne',
        'Code Département (structure)': '66',
      });
      expect(result).toMatchObject({
        ok: true,
        record: { postcode: '66111', departement: null },
      });
      const belgian = await parseOne({
        'Code postal (coord. structure)': '1000',
        'Libellé pays (coord. structure)': 'Belgique',
      });
      expect(belgian).toMatchObject({ ok: true, record: { postcode: '1000' } });
    });

    it('accepts ADELI identifiers', async () => {
      const result = await parseOne({
        "Type d'identifiant PP": '0',
        'Identifiant PP': '696012345',
      });
      expect(result).toMatchObject({
        ok: true,
        record: { idType: '0', rpps: '696012345' },
      });
    });
  });

  it('streams a large generated file without holding it', async () => {
    const lines = 20_000;
    let valid = 0;
    let rejected = 0;
    for await (const result of parseRppsExtraction(
      Readable.from(rppsExtractionLines({ validLines: lines })),
    )) {
      if (result.ok) valid += 1;
      else rejected += 1;
    }
    expect(valid).toBe(lines);
    expect(rejected).toBe(4);
  });

  it('stops reading when the consumer stops', async () => {
    const stream = Readable.from(rppsExtractionLines({ validLines: 10_000 }));
    let seen = 0;
    for await (const result of parseRppsExtraction(stream)) {
      expect(result).toBeDefined();
      seen += 1;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(stream.destroyed).toBe(true);
  });
});

describe('mergeActivities', () => {
  const record = (
    overrides: Partial<RppsActivityRecord>,
  ): RppsActivityRecord => ({
    lineNumber: 2,
    rpps: '10001234567',
    idType: '8',
    nationalId: '810001234567',
    civility: 'Docteur',
    lastName: 'DUPONT',
    firstName: 'Hélène',
    professionCode: '10',
    professionLabel: 'Médecin',
    specialtyCode: 'SM54',
    specialtyLabel: 'Médecine générale',
    siret: null,
    finess: null,
    addressLine: '1 Rue Pasteur',
    postcode: '69003',
    communeInsee: '69383',
    communeLabel: 'Lyon',
    departement: '69',
    phone: null,
    ...overrides,
  });

  it('merges the activities of one practitioner at one postcode', () => {
    const merged = mergeActivities([
      record({ lineNumber: 2 }),
      record({
        lineNumber: 3,
        specialtyCode: 'SM04',
        specialtyLabel: 'Cardiologie',
        phone: '0472000000',
      }),
      record({ lineNumber: 4, phone: '0400000000' }),
      record({ lineNumber: 5, postcode: '75011', departement: '75' }),
      record({ lineNumber: 6, rpps: '10009999999' }),
    ]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toMatchObject({
      rpps: '10001234567',
      postcode: '69003',
      lineNumbers: [2, 3, 4],
      specialties: [
        { code: 'SM54', label: 'Médecine générale' },
        { code: 'SM04', label: 'Cardiologie' },
      ],
      // The first line had no phone: the first line that has one fills it.
      phone: '0472000000',
    });
    expect(merged[0]).not.toHaveProperty('lineNumber');
    expect(merged[1]).toMatchObject({ postcode: '75011', lineNumbers: [5] });
    expect(merged[2]).toMatchObject({ rpps: '10009999999', lineNumbers: [6] });
  });

  it('merges what the parser reads from a generated file', async () => {
    const fixture = generateRppsExtraction({
      validLines: 40,
      badLines: false,
      seed: 4,
    });
    const parsed = records(await collect(Readable.from([fixture.content])));
    const merged = mergeActivities(parsed);
    expect(merged.length).toBeLessThan(parsed.length);
    expect(merged.flatMap((m) => m.lineNumbers).sort((a, b) => a - b)).toEqual(
      parsed.map((r) => r.lineNumber),
    );
    expect(merged.some((m) => m.specialties.length === 2)).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = [
      record({ lineNumber: 2 }),
      record({ lineNumber: 3, phone: '0472000000' }),
    ];
    const copy = structuredClone(input);
    mergeActivities(input);
    expect(input).toEqual(copy);
  });
});
