import { AppointmentStatus, BlockKind, BookingChannel, ConsultationType, SlotView } from './agenda.types';

export interface PlaceView {
  id: string;
  name: string;
  addressLine: string;
  postcode: string;
  commune: string;
  departement: string;
}

export interface OpeningRangeView {
  id: string;
  placeId: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
  consultationTypes: ConsultationType[];
}

export interface AgendaSettingsView {
  practitionerId: string;
  displayName: string;
  slotMinutes: number;
  horizonDays: number;
  motifEntryMode: 'FREE' | 'LIST';
  onlineBookingMode: 'OPEN' | 'ALLOW_LIST';
  patientCancelCutoffHours: number;
  acceptsNewPatients: boolean;
  sasParticipation: boolean;
  extraIdentityFields: string[];
  places: PlaceView[];
  ranges: OpeningRangeView[];
}

export interface MotifView {
  id: string;
  label: string;
  durationMinutes: number;
  consultationTypes: ConsultationType[];
  openToNewPatients: boolean;
  bookableOnline: boolean;
  isSnp: boolean;
  /** A video motif asks the patient for a mobile number. */
  requiresMobile: boolean;
  ranges: { weekday: number; startMinute: number; endMinute: number }[];
}

export interface BlockView {
  id: string;
  kind: BlockKind;
  label: string;
  startsAt: string;
  endsAt: string;
  waived: boolean;
}

export interface AppointmentView {
  id: string;
  practitionerId: string;
  placeId: string;
  patientId: string;
  /** Shown to practice staff and to the patient themself. */
  patientName: string;
  motifLabel: string;
  consultationType: ConsultationType;
  start: string;
  end: string;
  status: AppointmentStatus;
  channel: BookingChannel;
  paymentStatus: 'PAID' | 'UNPAID' | null;
  bookedBy: string | null;
  statusChangedBy: string | null;
}

/** PUT …/agenda/hours: the new hours, and the booked appointments now outside them (never moved or dropped silently). */
export interface HoursChangeResult {
  settings: AgendaSettingsView;
  conflicts: AppointmentView[];
}

export interface CalendarView {
  practitionerId: string;
  from: string;
  to: string;
  slotMinutes: number;
  appointments: AppointmentView[];
  blocks: BlockView[];
  freeSlots: SlotView[];
}

export interface PatientHistoryView {
  patientId: string;
  appointments: AppointmentView[];
  noShowCount: number;
}

export interface PracticeMemberView {
  accountId: string;
  displayName: string;
  email: string;
  role: 'PRACTITIONER' | 'SECRETARY';
  since: string;
  practitionerId: string | null;
}

/** What a patient (or anyone) sees of a practitioner's booking page. */
export interface BookingPageView {
  practitionerId: string;
  displayName: string;
  specialtyLabel: string;
  addressLine: string;
  postcode: string;
  commune: string;
  motifEntryMode: 'FREE' | 'LIST';
  /** Motifs the viewer may book online. */
  motifs: MotifView[];
  slots: SlotView[];
  /** Set when online booking is closed to this viewer, with the reason in French. */
  bookingClosedReason: string | null;
}

export interface DirectoryResultView {
  kind: 'PASSERELLE' | 'NATIONAL_DIRECTORY';
  tier: 'AREA' | 'NEIGHBOURS' | 'FRANCE';
  practitionerId: string | null;
  rpps: string;
  displayName: string;
  specialtyLabel: string | null;
  addressLine: string | null;
  postcode: string | null;
  commune: string | null;
  departement: string | null;
  nextFreeSlot: string | null;
}

export interface DirectorySearchResult {
  results: DirectoryResultView[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  /** Seed of the random order: send it back with the next page to continue the same order. */
  seed?: number;
}
