/**
 * French public holidays (jours fériés), used to pre-fill agenda blocks that
 * the practice may then override (issue 3 §2).
 *
 * Scope: the holidays of the Code du travail (art. L3133-1) plus the local ones
 * of Alsace-Moselle and of the overseas départements. Historical changes are
 * not modelled (e.g. 8 May was not a holiday from 1959 to 1981): the agenda
 * only needs the current rules for the coming months.
 */
export interface PublicHoliday {
  /** Calendar date, YYYY-MM-DD, with no time zone: a holiday is a whole local day. */
  date: string;
  /** French name, as shown to the practice. */
  name: string;
}

/** Date of Easter Sunday as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  assertGregorianYear(year);
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher). Written by hand: it is
  // ten lines of integer arithmetic, exact for every Gregorian year, and no
  // well-kept package is worth a dependency for it.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

const ALSACE_MOSELLE = new Set(['57', '67', '68']);

/** Commemoration of the abolition of slavery, fixed by decree per département. */
const ABOLITION_OF_SLAVERY: Readonly<
  Record<string, { month: number; day: number }>
> = {
  '971': { month: 5, day: 27 }, // Guadeloupe
  '972': { month: 5, day: 22 }, // Martinique
  '973': { month: 6, day: 10 }, // Guyane
  '974': { month: 12, day: 20 }, // La Réunion
  '976': { month: 4, day: 27 }, // Mayotte
};

// Local copy of the département code shape: the agenda must not depend on the
// directory library just to validate two characters.
const DEPARTEMENT_CODE = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-46])$/;

/**
 * The public holidays of `year`, sorted by date. Without `departement`, the
 * national list; with one, that département's list (Alsace-Moselle adds Good
 * Friday and 26 December, overseas départements their abolition-of-slavery
 * day).
 */
export function frenchPublicHolidays(
  year: number,
  departement?: string,
): PublicHoliday[] {
  assertGregorianYear(year);
  if (departement !== undefined && !DEPARTEMENT_CODE.test(departement)) {
    throw new RangeError(
      `Département inconnu : « ${departement} » / Unknown département: "${departement}"`,
    );
  }
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [
    { date: isoDate(year, 1, 1), name: "Jour de l'an" },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: isoDate(year, 5, 1), name: 'Fête du Travail' },
    { date: isoDate(year, 5, 8), name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: isoDate(year, 7, 14), name: 'Fête nationale' },
    { date: isoDate(year, 8, 15), name: 'Assomption' },
    { date: isoDate(year, 11, 1), name: 'Toussaint' },
    { date: isoDate(year, 11, 11), name: 'Armistice 1918' },
    { date: isoDate(year, 12, 25), name: 'Noël' },
  ];
  if (departement !== undefined && ALSACE_MOSELLE.has(departement)) {
    holidays.push(
      { date: addDays(easter, -2), name: 'Vendredi saint' },
      { date: isoDate(year, 12, 26), name: 'Saint-Étienne' },
    );
  }
  const abolition =
    departement === undefined ? undefined : ABOLITION_OF_SLAVERY[departement];
  if (abolition) {
    holidays.push({
      date: isoDate(year, abolition.month, abolition.day),
      name: "Abolition de l'esclavage",
    });
  }
  // ISO dates sort lexicographically. Two holidays can share a date (Ascension
  // falls on 1 or 8 May in some years); both are kept, the practice sees both.
  return holidays.sort((x, y) =>
    x.date < y.date ? -1 : x.date > y.date ? 1 : 0,
  );
}

/** Whether `date` (YYYY-MM-DD) is a public holiday, nationally or in `departement`. */
export function isFrenchPublicHoliday(
  date: string,
  departement?: string,
): boolean {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(date);
  if (!match) {
    throw new RangeError(
      `Date invalide : « ${date} » / Invalid date: "${date}" (YYYY-MM-DD)`,
    );
  }
  return frenchPublicHolidays(Number(match[1]), departement).some(
    (h) => h.date === date,
  );
}

function assertGregorianYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(
      `Année invalide : ${year} (entier de 1583 à 9999) / Invalid year: ${year} (integer 1583–9999)`,
    );
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Calendar arithmetic in UTC, so no daylight-saving shift can move a day. */
function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return isoDate(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth() + 1,
    shifted.getUTCDate(),
  );
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
