/**
 * Specialties offered in the search, as codes of the national nomenclature
 * TRE_R38 "Spécialité ordinale" (ANS), which the directory data carries.
 */
export interface Specialty {
  code: string;
  label: string;
}

export const SEARCH_SPECIALTIES: readonly Specialty[] = [
  { code: 'SM54', label: 'Médecine générale' },
  { code: 'SM04', label: 'Cardiologie et maladies vasculaires' },
  { code: 'SM15', label: 'Dermatologie et vénéréologie' },
  { code: 'SM19', label: 'Gynécologie médicale' },
  { code: 'SM38', label: 'Ophtalmologie' },
  { code: 'SM39', label: 'Oto-rhino-laryngologie' },
  { code: 'SM40', label: 'Pédiatrie' },
  { code: 'SM41', label: 'Pneumologie' },
  { code: 'SM42', label: 'Psychiatrie' },
  { code: 'SM48', label: 'Rhumatologie' },
];

export function specialtyLabel(code: string): string | null {
  return SEARCH_SPECIALTIES.find((s) => s.code === code)?.label ?? null;
}
