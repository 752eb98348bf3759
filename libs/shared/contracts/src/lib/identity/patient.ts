/** Identity reliability after the French INS rules. */
export type IdentityStatus = 'PROVISIONAL' | 'RETRIEVED' | 'VALIDATED' | 'QUALIFIED';

export const IDENTITY_STATUS_LABELS: Record<IdentityStatus, string> = {
  PROVISIONAL: 'Identité provisoire',
  RETRIEVED: 'Identité récupérée',
  VALIDATED: 'Identité validée',
  QUALIFIED: 'Identité qualifiée',
};

export interface PatientIdentityView {
  id: string;
  birthName: string;
  usedName: string | null;
  firstNames: string;
  usedFirstName: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'F' | 'M' | 'U';
  birthPlaceInsee: string | null;
  birthCountryInsee: string | null;
  phone: string | null;
  email: string | null;
  identityStatus: IdentityStatus;
}

/** GET /api/practice/patients: the practice's patients (care relationships). */
export interface PracticePatientView {
  patient: PatientIdentityView;
  practitionerId: string;
  since: string;
  source: 'APPOINTMENT' | 'DECLARATION';
}
