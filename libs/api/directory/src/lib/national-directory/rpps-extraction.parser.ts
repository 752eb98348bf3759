import { StringDecoder } from 'node:string_decoder';
import {
  type DepartementCode,
  departementOfCommuneInsee,
  departementOfPostcode,
  isDepartementCode,
} from '../geography/departements';

/**
 * Columns of the public RPPS extraction "PS_LibreAcces_Personne_activite"
 * (annuaire.sante.fr), in the order of the published file. The parser finds
 * columns by these names, not by position, so a reordered file still parses;
 * this list is the reference for the synthetic fixture.
 */
export const RPPS_EXTRACTION_COLUMNS = [
  "Type d'identifiant PP",
  'Identifiant PP',
  'Identification nationale PP',
  "Code civilité d'exercice",
  "Libellé civilité d'exercice",
  'Code civilité',
  'Libellé civilité',
  "Nom d'exercice",
  "Prénom d'exercice",
  'Code profession',
  'Libellé profession',
  'Code catégorie professionnelle',
  'Libellé catégorie professionnelle',
  'Code type savoir-faire',
  'Libellé type savoir-faire',
  'Code savoir-faire',
  'Libellé savoir-faire',
  'Code mode exercice',
  'Libellé mode exercice',
  'Numéro SIRET site',
  'Numéro SIREN site',
  'Numéro FINESS site',
  'Numéro FINESS établissement juridique',
  'Identifiant technique de la structure',
  'Raison sociale site',
  'Enseigne commerciale site',
  'Complément destinataire (coord. structure)',
  'Complément point géographique (coord. structure)',
  'Numéro Voie (coord. structure)',
  'Indice répétition voie (coord. structure)',
  'Code type de voie (coord. structure)',
  'Libellé type de voie (coord. structure)',
  'Libellé Voie (coord. structure)',
  'Mention distribution (coord. structure)',
  'Bureau cedex (coord. structure)',
  'Code postal (coord. structure)',
  'Code commune (coord. structure)',
  'Libellé commune (coord. structure)',
  'Code pays (coord. structure)',
  'Libellé pays (coord. structure)',
  'Téléphone (coord. structure)',
  'Téléphone 2 (coord. structure)',
  'Télécopie (coord. structure)',
  'Adresse e-mail (coord. structure)',
  'Code Département (structure)',
  'Libellé Département (structure)',
  'Ancien identifiant de la structure',
  "Autorité d'enregistrement",
  "Code secteur d'activité",
  "Libellé secteur d'activité",
  'Code section tableau pharmaciens',
  'Libellé section tableau pharmaciens',
  'Code rôle',
  'Libellé rôle',
  'Code genre activité',
  'Libellé genre activité',
] as const;

export type RppsExtractionColumn = (typeof RPPS_EXTRACTION_COLUMNS)[number];

/** The columns this parser reads; a file without any of them is refused whole. */
export const RPPS_REQUIRED_COLUMNS = [
  "Type d'identifiant PP",
  'Identifiant PP',
  'Identification nationale PP',
  "Libellé civilité d'exercice",
  'Libellé civilité',
  "Nom d'exercice",
  "Prénom d'exercice",
  'Code profession',
  'Libellé profession',
  'Code savoir-faire',
  'Libellé savoir-faire',
  'Numéro SIRET site',
  'Numéro FINESS site',
  'Numéro Voie (coord. structure)',
  'Indice répétition voie (coord. structure)',
  'Code type de voie (coord. structure)',
  'Libellé type de voie (coord. structure)',
  'Libellé Voie (coord. structure)',
  'Code postal (coord. structure)',
  'Code commune (coord. structure)',
  'Libellé commune (coord. structure)',
  'Libellé pays (coord. structure)',
  'Téléphone (coord. structure)',
  'Code Département (structure)',
] as const satisfies readonly RppsExtractionColumn[];

type RequiredColumn = (typeof RPPS_REQUIRED_COLUMNS)[number];

/** "Type d'identifiant PP": 8 = RPPS number, 0 = ADELI number (older professions). */
export type RppsIdentifierType = '8' | '0';

/** One line of the extraction: one activity of one practitioner at one place. */
export interface RppsActivityRecord {
  /** 1-based line in the file; the header is line 1. */
  lineNumber: number;
  /** "Identifiant PP": 11-digit RPPS number, or the 9-character ADELI number when idType is "0". */
  rpps: string;
  idType: RppsIdentifierType;
  /** "Identification nationale PP": the type digit followed by the identifier. */
  nationalId: string | null;
  /** Exercise civility ("Docteur", "Professeur"), else civil civility ("Madame"). */
  civility: string | null;
  lastName: string;
  firstName: string | null;
  professionCode: string | null;
  professionLabel: string | null;
  /** "Code savoir-faire", e.g. SM54. */
  specialtyCode: string | null;
  specialtyLabel: string | null;
  siret: string | null;
  finess: string | null;
  /** Number, repetition index, street type and street name: "12 bis Rue de la Paix". */
  addressLine: string | null;
  postcode: string | null;
  communeInsee: string | null;
  communeLabel: string | null;
  departement: DepartementCode | null;
  phone: string | null;
}

export type RppsParseResult =
  | { ok: true; record: RppsActivityRecord }
  | { ok: false; lineNumber: number; reason: string };

/** The file itself is unusable (empty, or a column this parser needs is missing). */
export class RppsExtractionFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RppsExtractionFormatError';
  }
}

/**
 * Parses the extraction as a stream: memory stays flat whatever the file size
 * (the real one has about two million lines). Yields one result per data line,
 * in file order: the record, or the line number and a French reason why the
 * line was rejected. Blank lines are skipped. `onProgress` receives the number
 * of bytes consumed so far after each chunk, for a progress bar.
 *
 * Reading is done by hand (StringDecoder + split on "\n") rather than with
 * readline: we need the byte count anyway, and readline would also break a
 * line on a stray "\r" inside a field. StringDecoder keeps a multi-byte UTF-8
 * character that straddles two chunks intact.
 *
 * Throws {@link RppsExtractionFormatError} before the first result if the
 * file is empty or a required column is missing.
 */
export async function* parseRppsExtraction(
  input: NodeJS.ReadableStream,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<RppsParseResult, void, undefined> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let bytesRead = 0;
  let lineNumber = 0;
  let layout: ColumnLayout | undefined;

  const handle = (line: string): RppsParseResult | undefined => {
    lineNumber += 1;
    if (layout === undefined) {
      layout = readHeader(line);
      return undefined;
    }
    return parseLine(line, lineNumber, layout);
  };

  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') {
      bytesRead += Buffer.byteLength(chunk, 'utf8');
      text = chunk;
    } else {
      bytesRead += chunk.length;
      text = decoder.write(chunk);
    }
    // Only split when a line ends here, so tiny chunks of a long line stay linear.
    if (text.includes('\n')) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const result = handle(line);
        if (result) yield result;
      }
    } else {
      pending += text;
    }
    onProgress?.(bytesRead);
  }
  pending += decoder.end();
  if (pending.length > 0) {
    const result = handle(pending);
    if (result) yield result;
  }
  if (layout === undefined) {
    throw new RppsExtractionFormatError(
      "Fichier d'extraction RPPS vide : ligne d'en-tête attendue / Empty RPPS extraction file: a header line is expected",
    );
  }
}

interface ColumnLayout {
  columnCount: number;
  index: Readonly<Record<RequiredColumn, number>>;
}

/** Splits a line into fields; the format ends every line with a "|", which is not a column. */
function splitFields(line: string): string[] {
  let body = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (body.endsWith('|')) body = body.slice(0, -1);
  return body.split('|');
}

function readHeader(line: string): ColumnLayout {
  const names = splitFields(line.replace(/^\uFEFF/, '')).map((name) =>
    name.trim().normalize('NFC'),
  );
  const positions = new Map<string, number>();
  names.forEach((name, position) => {
    if (!positions.has(name)) positions.set(name, position);
  });
  const missing = RPPS_REQUIRED_COLUMNS.filter(
    (column) => !positions.has(column.normalize('NFC')),
  );
  if (missing.length > 0) {
    const list = missing.map((column) => `« ${column} »`).join(', ');
    throw new RppsExtractionFormatError(
      `En-tête de l'extraction RPPS incomplet, colonne(s) manquante(s) : ${list} / ` +
        `RPPS extraction header is missing required column(s): ${missing.join(', ')}`,
    );
  }
  const index = Object.fromEntries(
    RPPS_REQUIRED_COLUMNS.map((column) => [
      column,
      positions.get(column.normalize('NFC')),
    ]),
  ) as Record<RequiredColumn, number>;
  return { columnCount: names.length, index };
}

function parseLine(
  line: string,
  lineNumber: number,
  layout: ColumnLayout,
): RppsParseResult | undefined {
  if (line.trim() === '') {
    return undefined;
  }
  const fields = splitFields(line);
  if (fields.length !== layout.columnCount) {
    return reject(
      lineNumber,
      `Nombre de colonnes incorrect : ${fields.length} au lieu de ${layout.columnCount}`,
    );
  }
  const raw = (column: RequiredColumn): string =>
    fields[layout.index[column]].trim().normalize('NFC');
  const optional = (column: RequiredColumn): string | null =>
    raw(column) || null;

  const idType = raw("Type d'identifiant PP");
  if (idType !== '8' && idType !== '0') {
    return reject(
      lineNumber,
      `Type d'identifiant inconnu : « ${idType} » (8 = RPPS ou 0 = ADELI attendu)`,
    );
  }
  const identifier = raw('Identifiant PP');
  if (identifier === '') {
    return reject(lineNumber, 'Identifiant PP manquant');
  }
  if (idType === '8' && !/^\d{11}$/.test(identifier)) {
    return reject(
      lineNumber,
      `Identifiant RPPS invalide : « ${identifier} » (11 chiffres attendus)`,
    );
  }
  if (idType === '0' && !/^[0-9A-Z]{9}$/.test(identifier)) {
    return reject(
      lineNumber,
      `Numéro ADELI invalide : « ${identifier} » (9 caractères attendus)`,
    );
  }
  const lastName = raw("Nom d'exercice");
  if (lastName === '') {
    return reject(lineNumber, "Nom d'exercice manquant");
  }

  // Practices abroad keep their foreign postcode and get no département: a
  // German "66111" must not land in the Pyrénées-Orientales.
  const country = raw('Libellé pays (coord. structure)');
  const abroad = country !== '' && country.toUpperCase() !== 'FRANCE';
  const postcode = optional('Code postal (coord. structure)');
  if (postcode !== null && !abroad && !/^\d{5}$/.test(postcode)) {
    return reject(
      lineNumber,
      `Code postal invalide : « ${postcode} » (5 chiffres attendus)`,
    );
  }
  const communeInsee = optional('Code commune (coord. structure)');
  const declared = raw('Code Département (structure)');
  const departement = abroad
    ? null
    : ((postcode === null ? null : departementOfPostcode(postcode)) ??
      (communeInsee === null
        ? null
        : departementOfCommuneInsee(communeInsee)) ??
      (isDepartementCode(declared) ? declared : null));

  return {
    ok: true,
    record: {
      lineNumber,
      rpps: identifier,
      idType,
      nationalId: optional('Identification nationale PP'),
      civility:
        optional("Libellé civilité d'exercice") ?? optional('Libellé civilité'),
      lastName,
      firstName: optional("Prénom d'exercice"),
      professionCode: optional('Code profession'),
      professionLabel: optional('Libellé profession'),
      specialtyCode: optional('Code savoir-faire'),
      specialtyLabel: optional('Libellé savoir-faire'),
      siret: optional('Numéro SIRET site'),
      finess: optional('Numéro FINESS site'),
      addressLine: addressLineOf(
        raw('Numéro Voie (coord. structure)'),
        raw('Indice répétition voie (coord. structure)'),
        raw('Libellé type de voie (coord. structure)') ||
          raw('Code type de voie (coord. structure)'),
        raw('Libellé Voie (coord. structure)'),
      ),
      postcode,
      communeInsee,
      communeLabel: optional('Libellé commune (coord. structure)'),
      departement,
      phone: phoneOf(raw('Téléphone (coord. structure)')),
    },
  };
}

function reject(lineNumber: number, reason: string): RppsParseResult {
  return { ok: false, lineNumber, reason };
}

/** Repetition indices are letters in the file; written out the way addresses say them. */
const REPETITION_INDEX: Readonly<Record<string, string>> = {
  B: 'bis',
  T: 'ter',
  Q: 'quater',
  C: 'quinquies',
};

function addressLineOf(
  number: string,
  index: string,
  streetType: string,
  street: string,
): string | null {
  const repetition = REPETITION_INDEX[index.toUpperCase()] ?? index;
  const parts = [number, number ? repetition : '', streetType, street].filter(
    (part) => part !== '',
  );
  const line = parts.join(' ').replace(/\s+/g, ' ').trim();
  return line === '' ? null : line;
}

function phoneOf(value: string): string | null {
  const compact = value.replace(/[\s.\-/]/g, '');
  return compact === '' ? null : compact;
}

/** The activities of one practitioner at one postcode, merged. */
export interface MergedRppsActivity
  extends Omit<
    RppsActivityRecord,
    'lineNumber' | 'specialtyCode' | 'specialtyLabel'
  > {
  /** Every line that contributed, in file order. */
  lineNumbers: number[];
  /** Distinct specialties (by code, else by label), in order of first appearance. */
  specialties: { code: string | null; label: string | null }[];
}

/**
 * Merges the lines of one practitioner at one postcode (several activities at
 * the same place: another role, another legal structure, another specialty)
 * into one entry keyed by identifier + postcode. The first line wins; a field
 * it leaves empty is taken from the next line that has it. Pure; input order
 * is kept.
 */
export function mergeActivities(
  records: Iterable<RppsActivityRecord>,
): MergedRppsActivity[] {
  const merged = new Map<string, MergedRppsActivity>();
  for (const record of records) {
    const key = `${record.idType}:${record.rpps}|${record.postcode ?? ''}`;
    const { lineNumber, specialtyCode, specialtyLabel, ...fields } = record;
    const existing = merged.get(key);
    if (existing === undefined) {
      merged.set(key, {
        ...fields,
        lineNumbers: [lineNumber],
        specialties:
          specialtyCode || specialtyLabel
            ? [{ code: specialtyCode, label: specialtyLabel }]
            : [],
      });
      continue;
    }
    existing.lineNumbers.push(lineNumber);
    if (
      (specialtyCode || specialtyLabel) &&
      !existing.specialties.some((s) =>
        specialtyCode
          ? s.code === specialtyCode
          : s.code === null && s.label === specialtyLabel,
      )
    ) {
      existing.specialties.push({ code: specialtyCode, label: specialtyLabel });
    }
    fillMissing(existing, fields);
  }
  return [...merged.values()];
}

function fillMissing<T extends object>(target: T, source: Partial<T>): void {
  for (const key of Object.keys(source) as (keyof T)[]) {
    if (
      target[key] === null &&
      source[key] !== null &&
      source[key] !== undefined
    ) {
      target[key] = source[key] as T[keyof T];
    }
  }
}
