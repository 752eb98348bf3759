import {
  type DepartementCode,
  departementName,
  departementOfPostcode,
  isDepartementCode,
} from '../geography/departements';

/**
 * What the "place" of a directory search is, read from the text typed:
 * - five digits: a postcode, searched in its département (four digits are a
 *   postcode that lost its leading zero in a spreadsheet: "1000" = 01000);
 * - a département code ("69", "2A", "974"; "1" and "2a" are read as "01"
 *   and "2A"): that département;
 * - anything else: a commune name, resolved against the communes the
 *   directory knows (see DirectoryRepository.departementsOfCommune).
 */
export type SearchPlace =
  | { kind: 'postcode'; postcode: string; departement: DepartementCode }
  | { kind: 'departement'; departement: DepartementCode }
  | { kind: 'commune'; name: string };

/** The place cannot be a French postcode or département; the message is for the person searching. */
export class UnknownSearchPlace extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownSearchPlace';
  }
}

export function readSearchPlace(text: string): SearchPlace {
  const typed = text.trim();
  const place = /^\d{4}$/.test(typed) ? `0${typed}` : typed;
  if (/^\d{5}$/.test(place)) {
    const departement = departementOfPostcode(place);
    if (departement === null) {
      throw new UnknownSearchPlace(
        `Le code postal ${place} ne correspond à aucun département français.`,
      );
    }
    return { kind: 'postcode', postcode: place, departement };
  }
  if (/^(\d{1,3}|2[AB])$/i.test(place)) {
    const code = place.length === 1 ? `0${place}` : place.toUpperCase();
    if (!isDepartementCode(code)) {
      throw new UnknownSearchPlace(
        `Le département « ${place} » n’existe pas : indiquez un numéro de département (par exemple 69, 2A ou 974), un code postal ou une commune.`,
      );
    }
    return { kind: 'departement', departement: code };
  }
  if (place === '') {
    throw new UnknownSearchPlace(
      'Indiquez une commune, un code postal ou un département.',
    );
  }
  return { kind: 'commune', name: place };
}

/** "Rhône (69)", for messages. */
export function departementLabel(code: DepartementCode): string {
  return `${departementName(code)} (${code})`;
}
