import type { DepartementCode } from '../geography/departements';
import { seededRandom } from '../search/seeded-random';
import {
  RPPS_EXTRACTION_COLUMNS,
  type RppsIdentifierType,
} from './rpps-extraction.parser';

/**
 * Synthetic files in the "PS_LibreAcces_Personne_activite" layout, for tests
 * and benchmarks: no real person's data is ever copied into the repository.
 * Names, identifiers, SIRET numbers and phone numbers are invented; the
 * communes are real so that postcodes, INSEE codes and départements agree.
 */
export interface RppsExtractionFixtureOptions {
  /** Well-formed data lines (default 20). */
  validLines?: number;
  /** Add one line of each rejection kind, spread through the file (default true). */
  badLines?: boolean;
  /** Seed of the generator; the same options always give the same file (default 1). */
  seed?: number;
  /** Column order of the header and lines; defaults to the published order. */
  columns?: readonly string[];
  lineEnding?: '\n' | '\r\n';
  /** Start the file with a UTF-8 byte order mark, as some exports do. */
  bom?: boolean;
}

export type RppsFixtureRejection =
  | 'column-count'
  | 'identifier'
  | 'missing-name'
  | 'postcode';

/** What the parser must read from a valid generated line. */
export interface RppsFixtureExpectedRecord {
  lineNumber: number;
  rpps: string;
  idType: RppsIdentifierType;
  lastName: string;
  firstName: string;
  postcode: string | null;
  departement: DepartementCode | null;
  specialtyCode: string | null;
  addressLine: string | null;
  phone: string | null;
}

export interface RppsExtractionFixture {
  content: string;
  expectedRecords: RppsFixtureExpectedRecord[];
  rejectedLines: { lineNumber: number; kind: RppsFixtureRejection }[];
}

/** The whole file in memory, with what a correct parser must find in it. */
export function generateRppsExtraction(
  options: RppsExtractionFixtureOptions = {},
): RppsExtractionFixture {
  const parts: string[] = [];
  const expectedRecords: RppsFixtureExpectedRecord[] = [];
  const rejectedLines: RppsExtractionFixture['rejectedLines'] = [];
  for (const line of generatedLines(options)) {
    parts.push(line.text);
    if (line.expected) expectedRecords.push(line.expected);
    if (line.rejection)
      rejectedLines.push({ lineNumber: line.lineNumber, kind: line.rejection });
  }
  return { content: parts.join(''), expectedRecords, rejectedLines };
}

/**
 * The same file line by line (each with its line ending, header first), so a
 * benchmark can stream millions of lines without holding them in memory:
 * `Readable.from(rppsExtractionLines({ validLines: 2_000_000 }))`.
 */
export function* rppsExtractionLines(
  options: RppsExtractionFixtureOptions = {},
): Generator<string> {
  for (const line of generatedLines(options)) {
    yield line.text;
  }
}

interface GeneratedLine {
  text: string;
  lineNumber: number;
  expected?: RppsFixtureExpectedRecord;
  rejection?: RppsFixtureRejection;
}

type Row = Partial<Record<string, string>>;

const COMMUNES: readonly {
  postcode: string;
  insee: string;
  label: string;
  departement: DepartementCode;
  departementLabel: string;
}[] = [
  {
    postcode: '69003',
    insee: '69383',
    label: 'Lyon',
    departement: '69',
    departementLabel: 'Rhône',
  },
  {
    postcode: '75011',
    insee: '75111',
    label: 'Paris',
    departement: '75',
    departementLabel: 'Paris',
  },
  {
    postcode: '13005',
    insee: '13205',
    label: 'Marseille',
    departement: '13',
    departementLabel: 'Bouches-du-Rhône',
  },
  {
    postcode: '42000',
    insee: '42218',
    label: 'Saint-Étienne',
    departement: '42',
    departementLabel: 'Loire',
  },
  {
    postcode: '33000',
    insee: '33063',
    label: 'Bordeaux',
    departement: '33',
    departementLabel: 'Gironde',
  },
  {
    postcode: '59000',
    insee: '59350',
    label: 'Lille',
    departement: '59',
    departementLabel: 'Nord',
  },
  {
    postcode: '20000',
    insee: '2A004',
    label: 'Ajaccio',
    departement: '2A',
    departementLabel: 'Corse-du-Sud',
  },
  {
    postcode: '20200',
    insee: '2B033',
    label: 'Bastia',
    departement: '2B',
    departementLabel: 'Haute-Corse',
  },
  {
    postcode: '97400',
    insee: '97411',
    label: 'Saint-Denis',
    departement: '974',
    departementLabel: 'La Réunion',
  },
  {
    postcode: '67000',
    insee: '67482',
    label: 'Strasbourg',
    departement: '67',
    departementLabel: 'Bas-Rhin',
  },
  {
    postcode: '01000',
    insee: '01053',
    label: 'Bourg-en-Bresse',
    departement: '01',
    departementLabel: 'Ain',
  },
  {
    postcode: '29200',
    insee: '29019',
    label: 'Brest',
    departement: '29',
    departementLabel: 'Finistère',
  },
];

const LAST_NAMES = [
  'MARTIN',
  'LEFÈVRE',
  'GARÇON',
  "N'DIAYE",
  'ÉLUARD',
  'BÉNARD',
  'LE GALL',
  'MÜLLER',
  'ROUSSEAU',
  'FAURÉ',
];
const FIRST_NAMES = [
  'Élodie',
  'Benoît',
  'Zoé',
  'Jérôme',
  'Hélène',
  'Anaïs',
  'François',
  'Noël',
  'Inès',
  'Loïc',
];
const STREETS = [
  'de la République',
  'Victor Hugo',
  'des Prés',
  'du Général Leclerc',
  'Émile Zola',
  'Pasteur',
];
const STREET_TYPES: readonly [code: string, label: string][] = [
  ['R', 'Rue'],
  ['AV', 'Avenue'],
  ['BD', 'Boulevard'],
  ['PL', 'Place'],
];
const SPECIALTIES: readonly [code: string, label: string][] = [
  ['SM54', 'Médecine générale'],
  ['SM04', 'Cardiologie et maladies vasculaires'],
  ['SM15', 'Dermatologie et vénéréologie'],
  ['SM40', 'Pédiatrie'],
];

function* generatedLines(
  options: RppsExtractionFixtureOptions,
): Generator<GeneratedLine> {
  const validLines = options.validLines ?? 20;
  const random = seededRandom(options.seed ?? 1);
  const columns = options.columns ?? RPPS_EXTRACTION_COLUMNS;
  const eol = options.lineEnding ?? '\n';
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)];
  const serialise = (row: Row, dropLast = 0): string => {
    const values = columns.map((column) => row[column] ?? '');
    return `${values.slice(0, values.length - dropLast).join('|')}|${eol}`;
  };

  let lineNumber = 1;
  yield {
    text: `${options.bom ? '\uFEFF' : ''}${columns.join('|')}|${eol}`,
    lineNumber,
  };

  // Bad lines go after these valid-line counts, one of each kind.
  const badKinds: RppsFixtureRejection[] =
    options.badLines === false
      ? []
      : ['column-count', 'identifier', 'missing-name', 'postcode'];
  const badAfter = badKinds.map((_, k) =>
    Math.floor((validLines * (k + 1)) / (badKinds.length + 1)),
  );

  let previous: PersonLine | undefined;
  let emitted = 0;
  const emitBad = function* (): Generator<GeneratedLine> {
    while (badKinds.length > 0 && badAfter[0] === emitted) {
      badAfter.shift();
      const kind = badKinds.shift() as RppsFixtureRejection;
      const person = physicianLine(1_000_000 + emitted, random, pick);
      if (kind === 'identifier')
        person.row['Identifiant PP'] = person.row['Identifiant PP']?.slice(1);
      if (kind === 'missing-name') person.row["Nom d'exercice"] = '';
      if (kind === 'postcode')
        person.row['Code postal (coord. structure)'] = '6900A';
      lineNumber += 1;
      yield {
        text: serialise(person.row, kind === 'column-count' ? 3 : 0),
        lineNumber,
        rejection: kind,
      };
    }
  };

  for (let i = 0; i < validLines; i += 1) {
    yield* emitBad();
    let person: PersonLine;
    if (i % 5 === 4 && previous && previous.idType === '8') {
      // A second activity of the previous practitioner at the same place.
      person = secondActivity(previous, pick);
    } else if (i % 7 === 6) {
      person = adeliLine(i, random, pick);
    } else {
      person = physicianLine(i, random, pick);
    }
    if (i % 11 === 10) {
      // No address: the département comes from "Code Département (structure)".
      for (const column of ADDRESS_COLUMNS) person.row[column] = '';
      person.postcode = null;
      person.addressLine = null;
    }
    previous = person;
    lineNumber += 1;
    emitted += 1;
    yield {
      text: serialise(person.row),
      lineNumber,
      expected: {
        lineNumber,
        rpps: person.row['Identifiant PP'] ?? '',
        idType: person.idType,
        lastName: person.row["Nom d'exercice"] ?? '',
        firstName: person.row["Prénom d'exercice"] ?? '',
        postcode: person.postcode,
        departement: person.departement,
        specialtyCode: person.row['Code savoir-faire'] || null,
        addressLine: person.addressLine,
        phone: person.phone,
      },
    };
  }
  yield* emitBad();
}

const ADDRESS_COLUMNS = [
  'Numéro Voie (coord. structure)',
  'Indice répétition voie (coord. structure)',
  'Code type de voie (coord. structure)',
  'Libellé type de voie (coord. structure)',
  'Libellé Voie (coord. structure)',
  'Code postal (coord. structure)',
  'Code commune (coord. structure)',
  'Libellé commune (coord. structure)',
];

interface PersonLine {
  row: Row;
  idType: RppsIdentifierType;
  postcode: string | null;
  departement: DepartementCode | null;
  addressLine: string | null;
  phone: string | null;
}

function placeColumns(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): {
  row: Row;
  postcode: string;
  departement: DepartementCode;
  addressLine: string;
  phone: string;
} {
  const commune = pick(COMMUNES);
  const [typeCode, typeLabel] = pick(STREET_TYPES);
  const street = pick(STREETS);
  const number = String(1 + Math.floor(random() * 150));
  const bis = random() < 0.2;
  const phone = `0${1 + Math.floor(random() * 5)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  return {
    row: {
      'Numéro Voie (coord. structure)': number,
      'Indice répétition voie (coord. structure)': bis ? 'B' : '',
      'Code type de voie (coord. structure)': typeCode,
      'Libellé type de voie (coord. structure)': typeLabel,
      'Libellé Voie (coord. structure)': street,
      'Code postal (coord. structure)': commune.postcode,
      'Code commune (coord. structure)': commune.insee,
      'Libellé commune (coord. structure)': commune.label,
      'Libellé pays (coord. structure)': 'France',
      'Téléphone (coord. structure)': phone.replace(/(\d{2})(?=\d)/g, '$1 '),
      'Code Département (structure)': commune.departement,
      'Libellé Département (structure)': commune.departementLabel,
    },
    postcode: commune.postcode,
    departement: commune.departement,
    addressLine: `${number}${bis ? ' bis' : ''} ${typeLabel} ${street}`,
    phone,
  };
}

function physicianLine(
  n: number,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): PersonLine {
  const rpps = String(10_000_000_000 + n * 7 + Math.floor(random() * 7));
  const [specialtyCode, specialtyLabel] = pick(SPECIALTIES);
  const woman = random() < 0.5;
  const place = placeColumns(random, pick);
  const siret = String(
    30_000_000_000_000 + Math.floor(random() * 1e12),
  ).padStart(14, '0');
  return {
    idType: '8',
    postcode: place.postcode,
    departement: place.departement,
    addressLine: place.addressLine,
    phone: place.phone,
    row: {
      "Type d'identifiant PP": '8',
      'Identifiant PP': rpps,
      'Identification nationale PP': `8${rpps}`,
      "Code civilité d'exercice": 'DR',
      "Libellé civilité d'exercice": 'Docteur',
      'Code civilité': woman ? 'MME' : 'M',
      'Libellé civilité': woman ? 'Madame' : 'Monsieur',
      "Nom d'exercice": pick(LAST_NAMES),
      "Prénom d'exercice": pick(FIRST_NAMES),
      'Code profession': '10',
      'Libellé profession': 'Médecin',
      'Code catégorie professionnelle': 'C',
      'Libellé catégorie professionnelle': 'Civil',
      'Code type savoir-faire': 'S',
      'Libellé type savoir-faire': 'Spécialité ordinale',
      'Code savoir-faire': specialtyCode,
      'Libellé savoir-faire': specialtyLabel,
      'Code mode exercice': 'L',
      'Libellé mode exercice': 'Libéral',
      'Numéro SIRET site': siret,
      'Numéro SIREN site': siret.slice(0, 9),
      'Identifiant technique de la structure': `R${siret}`,
      'Raison sociale site': 'Cabinet médical',
      "Autorité d'enregistrement": 'CNOM/CNOM/CNOM',
      "Code secteur d'activité": 'SA07',
      "Libellé secteur d'activité": 'Cabinet individuel',
      'Code rôle': 'FON-01',
      'Libellé rôle': 'Titulaire de cabinet',
      'Code genre activité': 'GENR01',
      'Libellé genre activité': 'Activité standard de soin',
      ...place.row,
    },
  };
}

function secondActivity(
  previous: PersonLine,
  pick: <T>(items: readonly T[]) => T,
): PersonLine {
  const current = previous.row['Code savoir-faire'];
  const [specialtyCode, specialtyLabel] = pick(
    SPECIALTIES.filter(([code]) => code !== current),
  );
  return {
    ...previous,
    row: {
      ...previous.row,
      'Code savoir-faire': specialtyCode,
      'Libellé savoir-faire': specialtyLabel,
      'Code rôle': 'FON-02',
      'Libellé rôle': 'Remplaçant',
    },
  };
}

function adeliLine(
  n: number,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): PersonLine {
  const place = placeColumns(random, pick);
  const adeli = `${place.departement === '2A' || place.departement === '2B' ? '20' : place.departement.slice(0, 2)}${String(6_000_000 + n).padStart(7, '0')}`;
  return {
    idType: '0',
    postcode: place.postcode,
    departement: place.departement,
    addressLine: place.addressLine,
    phone: place.phone,
    row: {
      "Type d'identifiant PP": '0',
      'Identifiant PP': adeli,
      'Identification nationale PP': `0${adeli}`,
      'Code civilité': 'MME',
      'Libellé civilité': 'Madame',
      "Nom d'exercice": pick(LAST_NAMES),
      "Prénom d'exercice": pick(FIRST_NAMES),
      'Code profession': '60',
      'Libellé profession': 'Infirmier',
      'Code mode exercice': 'L',
      'Libellé mode exercice': 'Libéral',
      "Autorité d'enregistrement": 'ARS',
      ...place.row,
    },
  };
}
