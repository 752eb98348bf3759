import { AppointmentView, MotifView, PlaceView } from '../agenda/agenda.views';
import { ConsultationType } from '../agenda/agenda.types';
import { ExtraIdentityField } from '../agenda/agenda.dto';
import { IdentityStatus } from '../identity/patient';

/** A slot the SAS may book. */
export interface SasSlotView {
  start: string;
  end: string;
  placeId: string;
  consultationTypes: ConsultationType[];
  /** Carries the motif "Soins non programmés". */
  snp: boolean;
}

/** A practitioner as a regulator sees them: who, where, and the slots the SAS may book. */
export interface SasPractitionerSummary {
  practitionerId: string;
  displayName: string;
  specialtyLabel: string;
  /** Takes part in the SAS (listed first). */
  sasParticipation: boolean;
  acceptsNewPatients: boolean;
  phone: string | null;
  places: PlaceView[];
  slots: SasSlotView[];
}

/** One practitioner card of a regulator search. */
export interface SasPractitionerCard extends SasPractitionerSummary {
  /** In the searched area, or in a neighbouring département. */
  tier: 'AREA' | 'NEIGHBOURS';
}

/** One practitioner's page (the SAS platform's link with praticien=<id>): their card over the default window. */
export interface SasPractitionerPage extends SasPractitionerSummary {
  from: string;
  to: string;
}

export interface RegulatorSlotSearchResult {
  cards: SasPractitionerCard[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Seed of the random tie order: send it back for the next page. */
  seed: number;
  from: string;
  to: string;
}

/** What the booking funnel needs for one slot (seed 004, step 3). */
export interface SasFunnelView {
  card: Omit<SasPractitionerCard, 'slots' | 'tier'>;
  slot: SasSlotView;
  /** Motifs the regulator may book at this slot, per answer to "déjà consulté ?". */
  motifsForNewPatients: MotifView[];
  motifsForExistingPatients: MotifView[];
  /** "Soins non programmés" where available, else the most relevant motif. */
  suggestedMotifId: string | null;
  /** Identity fields this practitioner requires beyond the mandatory ones. */
  extraIdentityFields: ExtraIdentityField[];
}

export interface SasAttachmentView {
  id: string;
  fileName: string;
  /** Checked by content in the regulator's browser before encryption, and again in the practice's after decryption. */
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png';
  /** Bytes stored: the OpenPGP message when encrypted. */
  sizeBytes: number;
  /**
   * True: an OpenPGP message to the practice key, which only the practice's
   * browsers decrypt. False: a plaintext upload made before attachments were
   * encrypted, served as stored.
   */
  encrypted: boolean;
}

/** The key a regulator's browser encrypts attachments to: the booked practitioner's practice key. */
export interface SasPracticeKeyView {
  practitionerId: string;
  /** Armored OpenPGP public key. */
  publicKey: string;
  fingerprint: string;
}

export interface SasPatientView {
  id: string;
  civility: 'MME' | 'M' | null;
  firstName: string;
  lastName: string;
  birthName: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  birthPlaceInsee: string | null;
  birthCountryInsee: string | null;
  identityStatus: IdentityStatus;
  address: string | null;
  socialSecurityNumber: string | null;
  referringDoctor: string | null;
}

/** A SAS booking, as the regulator who made it and the practice see it. */
export interface SasBookingView {
  id: string;
  appointment: AppointmentView;
  practitioner: { id: string; displayName: string; specialtyLabel: string; place: PlaceView | null };
  regulator: { id: string; displayName: string };
  patient: SasPatientView;
  alreadyConsulted: boolean;
  message: string | null;
  attachments: SasAttachmentView[];
  createdAt: string;
}
