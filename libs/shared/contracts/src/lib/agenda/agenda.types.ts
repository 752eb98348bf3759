export const CONSULTATION_TYPES = ['CABINET', 'VIDEO', 'HOME'] as const;
export type ConsultationType = (typeof CONSULTATION_TYPES)[number];

export const CONSULTATION_TYPE_LABELS: Record<ConsultationType, string> = {
  CABINET: 'Au cabinet',
  VIDEO: 'En vidéo',
  HOME: 'À domicile',
};

/**
 * Who may see and book a free slot:
 * - PUBLIC: on the public booking page (some motif is bookable online);
 * - NEW_PATIENTS: bookable online by a new patient;
 * - EXISTING_PATIENTS: bookable online, by the practitioner's patients only;
 * - SNP: carries the motif "Soins non programmés" (the SAS may book it).
 */
export type SlotVisibility = 'PUBLIC' | 'NEW_PATIENTS' | 'EXISTING_PATIENTS' | 'SNP';

export const SNP_MOTIF_LABEL = 'Soins non programmés';

export interface SlotView {
  practitionerId: string;
  /** ISO instants (UTC). */
  start: string;
  end: string;
  placeId: string;
  consultationTypes: ConsultationType[];
  motifIds: string[];
  visibility: SlotVisibility[];
}

export type AppointmentStatus = 'BOOKED' | 'DONE' | 'NO_SHOW' | 'CANCELLED';
export type BookingChannel = 'PATIENT_ONLINE' | 'PRACTICE' | 'REGULATOR';
export type BlockKind = 'HOLIDAY' | 'PUBLIC_HOLIDAY' | 'ABSENCE' | 'BLOCKED';

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  BOOKED: 'Réservé',
  DONE: 'Honoré',
  NO_SHOW: 'Absence injustifiée',
  CANCELLED: 'Annulé',
};

export const BLOCK_KIND_LABELS: Record<BlockKind, string> = {
  HOLIDAY: 'Congés',
  PUBLIC_HOLIDAY: 'Jour férié',
  ABSENCE: 'Absence',
  BLOCKED: 'Plage bloquée',
};
