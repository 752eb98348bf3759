/**
 * The 101 French départements (INSEE codes, as written on addresses and in the
 * national directory). Metropolitan 01–95 with Corsica split into 2A/2B (there
 * is no "20"), and the five overseas départements. Saint-Pierre-et-Miquelon,
 * Saint-Barthélemy, Saint-Martin, the Pacific territories and Monaco are not
 * départements and are deliberately absent.
 */
export const DEPARTEMENTS = {
  '01': 'Ain',
  '02': 'Aisne',
  '03': 'Allier',
  '04': 'Alpes-de-Haute-Provence',
  '05': 'Hautes-Alpes',
  '06': 'Alpes-Maritimes',
  '07': 'Ardèche',
  '08': 'Ardennes',
  '09': 'Ariège',
  '10': 'Aube',
  '11': 'Aude',
  '12': 'Aveyron',
  '13': 'Bouches-du-Rhône',
  '14': 'Calvados',
  '15': 'Cantal',
  '16': 'Charente',
  '17': 'Charente-Maritime',
  '18': 'Cher',
  '19': 'Corrèze',
  '2A': 'Corse-du-Sud',
  '2B': 'Haute-Corse',
  '21': "Côte-d'Or",
  '22': "Côtes-d'Armor",
  '23': 'Creuse',
  '24': 'Dordogne',
  '25': 'Doubs',
  '26': 'Drôme',
  '27': 'Eure',
  '28': 'Eure-et-Loir',
  '29': 'Finistère',
  '30': 'Gard',
  '31': 'Haute-Garonne',
  '32': 'Gers',
  '33': 'Gironde',
  '34': 'Hérault',
  '35': 'Ille-et-Vilaine',
  '36': 'Indre',
  '37': 'Indre-et-Loire',
  '38': 'Isère',
  '39': 'Jura',
  '40': 'Landes',
  '41': 'Loir-et-Cher',
  '42': 'Loire',
  '43': 'Haute-Loire',
  '44': 'Loire-Atlantique',
  '45': 'Loiret',
  '46': 'Lot',
  '47': 'Lot-et-Garonne',
  '48': 'Lozère',
  '49': 'Maine-et-Loire',
  '50': 'Manche',
  '51': 'Marne',
  '52': 'Haute-Marne',
  '53': 'Mayenne',
  '54': 'Meurthe-et-Moselle',
  '55': 'Meuse',
  '56': 'Morbihan',
  '57': 'Moselle',
  '58': 'Nièvre',
  '59': 'Nord',
  '60': 'Oise',
  '61': 'Orne',
  '62': 'Pas-de-Calais',
  '63': 'Puy-de-Dôme',
  '64': 'Pyrénées-Atlantiques',
  '65': 'Hautes-Pyrénées',
  '66': 'Pyrénées-Orientales',
  '67': 'Bas-Rhin',
  '68': 'Haut-Rhin',
  '69': 'Rhône',
  '70': 'Haute-Saône',
  '71': 'Saône-et-Loire',
  '72': 'Sarthe',
  '73': 'Savoie',
  '74': 'Haute-Savoie',
  '75': 'Paris',
  '76': 'Seine-Maritime',
  '77': 'Seine-et-Marne',
  '78': 'Yvelines',
  '79': 'Deux-Sèvres',
  '80': 'Somme',
  '81': 'Tarn',
  '82': 'Tarn-et-Garonne',
  '83': 'Var',
  '84': 'Vaucluse',
  '85': 'Vendée',
  '86': 'Vienne',
  '87': 'Haute-Vienne',
  '88': 'Vosges',
  '89': 'Yonne',
  '90': 'Territoire de Belfort',
  '91': 'Essonne',
  '92': 'Hauts-de-Seine',
  '93': 'Seine-Saint-Denis',
  '94': 'Val-de-Marne',
  '95': "Val-d'Oise",
  '971': 'Guadeloupe',
  '972': 'Martinique',
  '973': 'Guyane',
  '974': 'La Réunion',
  '976': 'Mayotte',
} as const;

export type DepartementCode = keyof typeof DEPARTEMENTS;

/** Corsica sorts between 19 and 21, where "20" used to be. */
function conventionalRank(code: string): number {
  if (code === '2A') return 20.1;
  if (code === '2B') return 20.2;
  return Number(code);
}

/**
 * All codes, in the conventional order (01 … 19, 2A, 2B, 21 … 95, 971 … 976).
 * Sorted explicitly: JavaScript lists integer-like keys ("10", "971") before
 * the others ("01", "2A"), whatever the literal's order.
 */
export const DEPARTEMENT_CODES: readonly DepartementCode[] = Object.freeze(
  (Object.keys(DEPARTEMENTS) as DepartementCode[]).sort(
    (a, b) => conventionalRank(a) - conventionalRank(b),
  ),
);

export const OVERSEAS_DEPARTEMENT_CODES: readonly DepartementCode[] =
  Object.freeze(['971', '972', '973', '974', '976']);

/** Thrown when code that expects a département receives something else. */
export class UnknownDepartementError extends Error {
  constructor(readonly code: string) {
    super(`Département inconnu : « ${code} » / Unknown département: "${code}"`);
    this.name = 'UnknownDepartementError';
  }
}

/** Exact match only ("2a", "1" or "20" are not département codes). */
export function isDepartementCode(code: string): code is DepartementCode {
  return Object.prototype.hasOwnProperty.call(DEPARTEMENTS, code);
}

export function departementName(code: DepartementCode): string {
  return DEPARTEMENTS[code];
}

/**
 * The département of a French postcode, or null when the postcode belongs to no
 * département (Monaco 98000, Saint-Pierre-et-Miquelon 975xx, the Pacific 98xxx,
 * Saint-Barthélemy 97133 and Saint-Martin 97150 — both use Guadeloupe's 971
 * prefix but left it in 2007) or is not five digits.
 *
 * A postcode is a postal routing code, not an administrative one: a handful of
 * communes near a border carry the neighbouring département's prefix. When the
 * commune's INSEE code is known, prefer {@link departementOfCommuneInsee}.
 */
export function departementOfPostcode(
  postcode: string,
): DepartementCode | null {
  const trimmed = postcode.trim();
  if (!/^\d{5}$/.test(trimmed)) {
    return null;
  }
  if (trimmed.startsWith('20')) {
    // Corsica kept the "20" postal prefix after the 1976 split.
    const third = trimmed[2];
    if (third === '0' || third === '1') return '2A';
    if (third === '2' || third === '6') return '2B';
    return null;
  }
  if (trimmed.startsWith('97')) {
    if (trimmed === '97133' || trimmed === '97150') {
      return null;
    }
    const code = trimmed.slice(0, 3);
    return isDepartementCode(code) ? code : null;
  }
  const code = trimmed.slice(0, 2);
  return isDepartementCode(code) ? code : null;
}

/**
 * The département of a commune from its INSEE code ("75056", "2A004", "97411").
 * Returns null for codes outside the 101 départements (977xx, 978xx, 98xxx).
 */
export function departementOfCommuneInsee(
  inseeCode: string,
): DepartementCode | null {
  const trimmed = inseeCode.trim().toUpperCase();
  if (!/^(\d{2}|2A|2B)\d{3}$/.test(trimmed)) {
    return null;
  }
  const code = trimmed.startsWith('97')
    ? trimmed.slice(0, 3)
    : trimmed.slice(0, 2);
  return isDepartementCode(code) ? code : null;
}
