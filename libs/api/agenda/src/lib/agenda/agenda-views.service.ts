import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { NotFound, ValidationFailed } from '@passerelle/api/platform';
import { AppointmentView, BookingPageView, CalendarView, MotifView, PatientHistoryView, SlotView } from '@passerelle/shared/contracts';
import { AppointmentRepository } from '../appointments/appointment.repository';
import { PracticeRepository } from '../practice/practice.repository';
import { AgendaRepository } from './agenda.repository';
import { AgendaSettings } from './agenda-settings.service';
import { SlotFinder, toSlotView } from './slot-finder';

const DAY = 86_400_000;
/** The practice keeps the past 30 days visible. */
export const HISTORY_DAYS = 30;

export function checkWindow(from: Date, to: Date, maxDays: number): void {
  if (to <= from) throw new ValidationFailed('La fin de la période doit suivre son début.', { to: ['La fin doit suivre le début.'] });
  if (to.getTime() - from.getTime() > maxDays * DAY) throw new ValidationFailed(`Période de ${maxDays} jours au plus.`, { to: [`Période de ${maxDays} jours au plus.`] });
}

/** Read models: the practice calendar, booking pages, patients' appointments. */
@Injectable()
export class AgendaViews {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly settings: AgendaSettings,
    private readonly appointments: AppointmentRepository,
    private readonly practice: PracticeRepository,
    private readonly people: PeopleRepository,
    private readonly slots: SlotFinder,
    private readonly audit: AuditTrail,
  ) {}

  /** Staff calendar: appointments (with patients' names), blocks and free slots; 30 days of history at most. */
  async calendar(practitionerId: string, from: Date, to: Date, actor: Actor): Promise<CalendarView> {
    checkWindow(from, to, 42);
    const oldest = new Date(Date.now() - HISTORY_DAYS * DAY);
    const start = from < oldest ? oldest : from;
    const info = await this.agenda.practitioner(practitionerId);
    if (!info) throw new NotFound('Praticien introuvable.');
    const [appointments, blocks, freeSlots] = await Promise.all([
      start < to ? this.appointments.ofPractitioner(practitionerId, start, to) : Promise.resolve([]),
      this.settings.blocks(practitionerId, start, to),
      this.slots.freeSlots([practitionerId], start, to),
    ]);
    await this.audit.record({ actor, action: 'agenda.calendar.read', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId, details: { appointments: appointments.length } });
    return { practitionerId, from: start.toISOString(), to: to.toISOString(), slotMinutes: info.slotMinutes, appointments, blocks, freeSlots: freeSlots.map(toSlotView) };
  }

  /** Public free slots of several practitioners (bookable online), for search pages and the SAS. */
  async publicSlots(practitionerIds: string[], from: Date, to: Date): Promise<SlotView[]> {
    checkWindow(from, to, 14);
    const slots = await this.slots.freeSlots(practitionerIds, from, to);
    return slots.filter((s) => s.visibility.includes('PUBLIC')).map(toSlotView);
  }

  /**
   * What the viewer may book with this practitioner: anonymous visitors and
   * new patients see motifs open to new patients; the practitioner's patients
   * see every motif bookable online; staff see all.
   */
  async bookingPage(practitionerId: string, from: Date, to: Date, viewer: Account | null, isStaff: boolean): Promise<BookingPageView> {
    checkWindow(from, to, 31);
    const info = await this.agenda.practitioner(practitionerId);
    if (!info) throw new NotFound('Praticien introuvable.');
    const patientId = viewer?.role === 'PATIENT' ? await this.people.patientIdOfAccount(viewer.id) : null;
    const existing = patientId ? await this.people.hasCareRelationship(patientId, practitionerId) : false;
    const allMotifs = await this.agenda.motifs(practitionerId);
    const motifs: MotifView[] = isStaff
      ? allMotifs
      : allMotifs.filter((m) => m.bookableOnline && (existing || (m.openToNewPatients && info.acceptsNewPatients)));
    let bookingClosedReason: string | null = null;
    if (!isStaff && info.onlineBookingMode === 'ALLOW_LIST' && !(viewer && (await this.practice.isAllowed(info.practiceId, viewer.email)))) {
      bookingClosedReason = 'Ce cabinet réserve la prise de rendez-vous en ligne à ses patients enregistrés. Contactez le secrétariat.';
    } else if (!isStaff && motifs.length === 0 && info.motifEntryMode === 'LIST') {
      bookingClosedReason = existing || info.acceptsNewPatients ? 'Aucun motif ne se réserve en ligne.' : "Ce praticien n'accepte pas de nouveaux patients.";
    }
    const allowed = new Set(motifs.map((m) => m.id));
    const free = await this.slots.freeSlots([practitionerId], from, to);
    const slots = free
      .map((s) => ({ ...s, motifIds: s.motifIds.filter((id) => allowed.has(id)) }))
      // In free-entry mode any free slot takes a free-text visit of one slot.
      .filter((s) => isStaff || info.motifEntryMode === 'FREE' || s.motifIds.length > 0);
    return {
      practitionerId,
      displayName: info.displayName,
      specialtyLabel: info.specialtyLabel,
      addressLine: info.addressLine,
      postcode: info.postcode,
      commune: info.commune,
      motifEntryMode: info.motifEntryMode,
      motifs,
      slots: bookingClosedReason ? [] : slots.map(toSlotView),
      bookingClosedReason,
    };
  }

  async myAppointments(account: Account, actor: Actor): Promise<AppointmentView[]> {
    const patientId = await this.people.patientIdOfAccount(account.id);
    if (!patientId) return [];
    const list = await this.appointments.ofPatient(patientId);
    await this.audit.record({ actor, action: 'patient.appointments.read', result: 'SUCCESS', patientId, resourceType: 'Patient', resourceId: patientId });
    return list;
  }

  /** A patient's appointments with the practice's practitioners, and the no-shows counted. */
  async history(patientId: string, account: Account, actor: Actor): Promise<PatientHistoryView> {
    const practiceIds = await this.people.activePracticeIds(account.id);
    const practitionerIds = (await Promise.all(practiceIds.map((id) => this.practice.members(id)))).flat().map((m) => m.practitionerId).filter((id): id is string => !!id);
    const appointments = await this.appointments.ofPatient(patientId, practitionerIds);
    await this.audit.record({ actor, action: 'patient.history.read', result: 'SUCCESS', patientId, resourceType: 'Patient', resourceId: patientId });
    return { patientId, appointments, noShowCount: appointments.filter((a) => a.status === 'NO_SHOW').length };
  }

  async teleconsultations(practitionerId: string, actor: Actor): Promise<AppointmentView[]> {
    const list = await this.appointments.teleconsultations(practitionerId, new Date());
    await this.audit.record({ actor, action: 'agenda.teleconsultations.read', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId });
    return list;
  }
}
