import {
  APPOINTMENT_STATUS_LABELS,
  AppointmentView,
  BLOCK_KIND_LABELS,
  BlockView,
  BookingChannel,
  CONSULTATION_TYPE_LABELS,
  ConsultationType,
  SlotView,
} from '@passerelle/shared/contracts';
import { formatParisDayTime, formatParisTime, parisDayKey, formatDayWithYear } from '@passerelle/web/ui';

export const WEEKDAY_LABELS: Record<number, string> = {
  1: 'Lundi',
  2: 'Mardi',
  3: 'Mercredi',
  4: 'Jeudi',
  5: 'Vendredi',
  6: 'Samedi',
  7: 'Dimanche',
};

export const CHANNEL_LABELS: Record<BookingChannel, string> = {
  PATIENT_ONLINE: 'En ligne, par le patient',
  PRACTICE: 'Par le cabinet',
  REGULATOR: 'Par la régulation SAS',
};

export const PAYMENT_LABELS = { PAID: 'Payée', UNPAID: 'Impayée' } as const;

export function typeLabel(type: ConsultationType): string {
  return CONSULTATION_TYPE_LABELS[type];
}

export function typesLabel(types: readonly ConsultationType[]): string {
  return types.map(typeLabel).join(', ');
}

export function statusLabel(appointment: AppointmentView): string {
  return APPOINTMENT_STATUS_LABELS[appointment.status];
}

/** "Congés" or "Jour férié : Noël". */
export function blockLabel(block: BlockView): string {
  const kind = BLOCK_KIND_LABELS[block.kind];
  return block.label && block.label !== kind ? `${kind} : ${block.label}` : kind;
}

/** "lundi 2 mars 2026, 09:00 – 09:30" */
export function appointmentTimeLabel(appointment: { start: string; end: string }): string {
  return `${formatDayWithYear(parisDayKey(appointment.start))}, ${formatParisTime(appointment.start)} – ${formatParisTime(appointment.end)}`;
}

/** "lundi 2 mars à 09:00" */
export function slotLabel(slot: Pick<SlotView, 'start'>): string {
  return formatParisDayTime(slot.start);
}

/** A French mobile number the API accepts (06/07, or +33 6/7), else null. */
export function asMobileNumber(phone: string | null | undefined): string | null {
  const compact = (phone ?? '').replace(/[\s.-]/g, '');
  return /^(\+33|0)[67]\d{8}$/.test(compact) ? compact : null;
}
