import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Forbidden, NotFound, SlotTaken, ValidationFailed } from '@passerelle/api/platform';
import { AppointmentView, BookAppointmentRequest, BookingChannel, ConsultationType, SlotView } from '@passerelle/shared/contracts';
import { AgendaRepository, BookableMotif, PractitionerAgendaInfo } from '../agenda/agenda.repository';
import { SlotFinder, toSlotView } from '../agenda/slot-finder';
import { PracticeRepository } from '../practice/practice.repository';
import { AgendaRules, computeFreeSlots, FreeSlot, isSasEligible, isSasMotif } from '../slots/slot-engine';
import { AppointmentRecord, AppointmentRepository, BookingTransactionWork, SlotConflict } from './appointment.repository';

/** What a SAS regulator asks for (the rest of the funnel is the regulation's). */
export interface RegulatorSlotRequest {
  start: Date;
  consultationType: ConsultationType;
  motifId: string;
  alreadyConsulted: boolean;
  /** The patient's mobile for a video consultation. */
  patientMobile: string | null;
}

type SlotFilter = (slot: FreeSlot) => boolean;
const publicSlot: SlotFilter = (s) => s.visibility.includes('PUBLIC');

const FREE_MOTIF_MINUTES_FALLBACK = 15;
/** Free slots offered with a refusal. */
const ALTERNATIVES = 10;

/** Who is booking, as the rules see it. */
export interface Booker {
  account: Account;
  actor: Actor;
  /** Practice staff of the practitioner. */
  isStaff: boolean;
  channel: BookingChannel;
}

/**
 * Booking: checks what the booker may book (motif open to them, allow-list,
 * mobile number for video, a free slot of the agenda), then ONE insert —
 * the database's exclusion constraint decides between concurrent bookings,
 * never a check-then-insert here. A slot taken meanwhile → 409 with the next
 * free slots.
 */
@Injectable()
export class AppointmentBooking {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly appointments: AppointmentRepository,
    private readonly practice: PracticeRepository,
    private readonly people: PeopleRepository,
    private readonly slots: SlotFinder,
    private readonly audit: AuditTrail,
  ) {}

  async book(practitionerId: string, request: BookAppointmentRequest, booker: Booker): Promise<AppointmentView> {
    const start = new Date(request.start);
    // Two independent reads at once: the practitioner with the agenda rules
    // around the wanted time, and where the chosen patient stands (staff).
    const [context, standing] = await Promise.all([
      this.agenda.bookingContext(practitionerId, start),
      booker.isStaff && request.patientId ? this.people.patientStanding(request.patientId, practitionerId) : Promise.resolve(null),
    ]);
    if (!context) throw new NotFound('Praticien introuvable.');
    const { info: practitioner, rules } = context;
    const { patientId, existingPatient } = await this.patientFor(practitionerId, request, booker, standing);
    if (!booker.isStaff) {
      await this.checkOnlineBooking(practitioner, booker.account);
    }
    const { motif, label, minutes } = this.motifFor(practitioner, rules.motifs, request, booker.isStaff, existingPatient);
    if (request.consultationType === 'VIDEO' && !request.patientMobile) {
      throw new ValidationFailed('Un numéro de mobile est nécessaire pour une téléconsultation.', { patientMobile: ['Numéro de mobile requis pour une consultation en vidéo.'] });
    }
    const slot = this.slotAt(practitioner, rules, start, minutes, motif, request.consultationType);
    if (!slot) {
      throw await this.taken(practitionerId, start);
    }
    let appointment: AppointmentRecord;
    try {
      appointment = await this.appointments.insert({
        practitionerId,
        placeId: slot.placeId,
        patientId,
        motifId: motif?.id ?? null,
        motifLabel: label,
        consultationType: request.consultationType,
        startsAt: start,
        endsAt: new Date(start.getTime() + minutes * 60_000),
        channel: booker.channel,
        bookedById: booker.account.id,
        patientMobile: request.patientMobile ?? null,
      }, (appointmentId) => ({ actor: booker.actor, action: 'appointment.book', result: 'SUCCESS', onBehalfOf: practitionerId, patientId, resourceType: 'Appointment', resourceId: appointmentId, details: { channel: booker.channel } }));
    } catch (error) {
      if (error instanceof SlotConflict) {
        await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'FAILURE', onBehalfOf: practitionerId, patientId, resourceType: 'Practitioner', resourceId: practitionerId, details: { reason: 'slot-taken' } });
        throw await this.taken(practitionerId, start);
      }
      throw error;
    }
    this.refreshIfNext(practitioner, start);
    return appointment;
  }

  /**
   * SAS booking by a regulator (issue 4): the motif and the slot must be open
   * to the SAS (isSasMotif, isSasEligible); the patient identity and the
   * funnel's records are `work`, committed in ONE transaction with the
   * INSERT — the exclusion constraint still decides between racing bookings,
   * and a loser gets 409 with the next SAS-eligible slots.
   */
  async bookForRegulator(practitionerId: string, request: RegulatorSlotRequest, booker: Booker, work: BookingTransactionWork): Promise<AppointmentRecord> {
    const context = await this.agenda.bookingContext(practitionerId, request.start);
    if (!context) throw new NotFound('Praticien introuvable.');
    const { info: practitioner, rules } = context;
    // Active motifs only: an inactive or unknown one is refused alike.
    const motifs: BookableMotif[] = rules.motifs;
    const motif = motifs.find((m) => m.id === request.motifId);
    if (!motif) throw new ValidationFailed('Motif inconnu pour ce praticien.', { motifId: ['Motif inconnu.'] });
    if (!motif.consultationTypes.includes(request.consultationType)) {
      throw new ValidationFailed('Ce motif n’est pas proposé pour ce type de consultation.', { consultationType: ['Type de consultation non proposé pour ce motif.'] });
    }
    if (!isSasMotif(motif, practitioner.acceptsNewPatients, request.alreadyConsulted)) {
      throw new ValidationFailed(
        request.alreadyConsulted ? 'Ce motif n’est pas ouvert à la régulation : choisissez « Soins non programmés » ou un motif réservable en ligne.' : 'Ce motif est réservé aux patients déjà suivis par ce praticien : choisissez « Soins non programmés » ou un motif ouvert aux nouveaux patients.',
        { motifId: ['Motif non ouvert à la régulation SAS pour ce patient.'] },
      );
    }
    const slot = this.slotAt(practitioner, rules, request.start, motif.durationMinutes, motif, request.consultationType);
    if (!slot || !isSasEligible(slot)) throw await this.taken(practitionerId, request.start, isSasEligible);
    let appointment: AppointmentRecord;
    try {
      appointment = await this.appointments.insertInTransaction(
        {
          practitionerId,
          placeId: slot.placeId,
          patientId: '',
          motifId: motif.id,
          motifLabel: motif.label,
          consultationType: request.consultationType,
          startsAt: request.start,
          endsAt: new Date(request.start.getTime() + motif.durationMinutes * 60_000),
          channel: 'REGULATOR',
          bookedById: booker.account.id,
          patientMobile: request.consultationType === 'VIDEO' ? request.patientMobile : null,
        },
        work,
      );
    } catch (error) {
      if (error instanceof SlotConflict) {
        await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'FAILURE', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId, details: { reason: 'slot-taken', channel: 'REGULATOR' } });
        throw await this.taken(practitionerId, request.start, isSasEligible);
      }
      throw error;
    }
    await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'SUCCESS', onBehalfOf: practitionerId, patientId: appointment.patientId, resourceType: 'Appointment', resourceId: appointment.id, details: { channel: 'REGULATOR' } });
    this.refreshIfNext(practitioner, request.start);
    return appointment;
  }

  /**
   * Free slots to offer after a refusal: the next ten after the wanted time
   * (or from now) that `eligible` keeps (public ones by default; the SAS:
   * isSasEligible), looking two days ahead first — a refusal is usually for
   * a busy slot with free ones close by — and up to fourteen when needed.
   */
  async alternatives(practitionerId: string, after: Date, eligible: SlotFilter = publicSlot): Promise<SlotView[]> {
    const from = new Date(Math.max(after.getTime(), Date.now()));
    let found: FreeSlot[] = [];
    for (const days of [2, 14]) {
      found = (await this.slots.freeSlots([practitionerId], from, new Date(from.getTime() + days * 86_400_000))).filter(eligible);
      if (found.length >= ALTERNATIVES) break;
    }
    return found.slice(0, ALTERNATIVES).map(toSlotView);
  }

  /**
   * The directory's next-slot column only changes when the booked slot was
   * (at or before) it; it is recomputed in the background, after the answer
   * (the periodic housekeeping catches anything missed).
   */
  refreshIfNext(practitioner: PractitionerAgendaInfo, start: Date): void {
    if (!practitioner.nextFreeSlotAt || start.getTime() <= practitioner.nextFreeSlotAt.getTime()) {
      this.slots.refreshNextFreeSlotLater(practitioner.id);
    }
  }

  private async taken(practitionerId: string, start: Date, eligible: SlotFilter = publicSlot): Promise<SlotTaken> {
    return new SlotTaken(await this.alternatives(practitionerId, start, eligible));
  }

  private async patientFor(
    practitionerId: string,
    request: BookAppointmentRequest,
    booker: Booker,
    standing: Awaited<ReturnType<PeopleRepository['patientStanding']>> | null,
  ): Promise<{ patientId: string; existingPatient: boolean }> {
    if (!booker.isStaff) {
      if (request.patientId) throw new ValidationFailed('Un patient prend rendez-vous pour lui-même.', { patientId: ['Champ réservé au cabinet.'] });
      const own = await this.people.patientIdOfAccount(booker.account.id);
      if (!own) throw new ValidationFailed('Complétez votre identité (nom de naissance, date de naissance) avant de prendre rendez-vous.');
      return { patientId: own, existingPatient: await this.people.hasCareRelationship(own, practitionerId) };
    }
    if (!request.patientId) throw new ValidationFailed('Choisissez le patient.', { patientId: ['Patient requis.'] });
    if (!standing?.known || !standing.ofPractice) {
      await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'DENIED', patientId: request.patientId, resourceType: 'Patient', resourceId: request.patientId, details: { reason: 'patient-not-in-practice' } });
      throw new Forbidden("Ce patient n'est pas suivi par le cabinet : enregistrez-le d'abord.");
    }
    return { patientId: request.patientId, existingPatient: standing.treatedByPractitioner };
  }

  private async checkOnlineBooking(practitioner: PractitionerAgendaInfo, account: Account): Promise<void> {
    if (practitioner.onlineBookingMode === 'ALLOW_LIST' && !(await this.practice.isAllowed(practitioner.practiceId, account.email))) {
      throw new Forbidden('Ce cabinet réserve la prise de rendez-vous en ligne à ses patients enregistrés. Contactez le secrétariat pour faire ajouter votre adresse e-mail.');
    }
  }

  private motifFor(
    practitioner: PractitionerAgendaInfo,
    motifs: BookableMotif[],
    request: BookAppointmentRequest,
    isStaff: boolean,
    existingPatient: boolean,
  ): { motif: BookableMotif | null; label: string; minutes: number } {
    if (request.motifId) {
      // Active motifs only: an inactive or unknown one is refused alike.
      const motif = motifs.find((m) => m.id === request.motifId);
      if (!motif) throw new ValidationFailed('Motif inconnu pour ce praticien.', { motifId: ['Motif inconnu.'] });
      if (!motif.consultationTypes.includes(request.consultationType)) {
        throw new ValidationFailed('Ce motif n’est pas proposé pour ce type de consultation.', { consultationType: ['Type de consultation non proposé pour ce motif.'] });
      }
      if (!isStaff) {
        if (!motif.bookableOnline) throw new Forbidden('Ce motif ne se réserve pas en ligne : contactez le secrétariat.');
        if (!existingPatient && !(motif.openToNewPatients && practitioner.acceptsNewPatients)) {
          throw new Forbidden('Ce motif est réservé aux patients déjà suivis par ce praticien.');
        }
      }
      return { motif, label: motif.label, minutes: motif.durationMinutes };
    }
    if (practitioner.motifEntryMode === 'FREE' && request.motifText) {
      if (!isStaff && !existingPatient && !practitioner.acceptsNewPatients) {
        throw new Forbidden("Ce praticien n'accepte pas de nouveaux patients.");
      }
      return { motif: null, label: request.motifText.trim(), minutes: practitioner.slotMinutes || FREE_MOTIF_MINUTES_FALLBACK };
    }
    throw new ValidationFailed('Choisissez un motif de consultation.', { motifId: ['Motif requis.'] });
  }

  /** The agenda's free slot starting exactly at `start` where this motif (or free-text visit) fits. */
  private slotAt(practitioner: PractitionerAgendaInfo, rules: AgendaRules, start: Date, minutes: number, motif: BookableMotif | null, type: string): FreeSlot | null {
    const slots = computeFreeSlots(rules, start, new Date(start.getTime() + Math.max(minutes, practitioner.slotMinutes) * 60_000), new Date());
    return (
      slots.find(
        (s) =>
          s.start.getTime() === start.getTime() &&
          s.consultationTypes.includes(type as FreeSlot['consultationTypes'][number]) &&
          (motif ? s.motifIds.includes(motif.id) : minutes <= practitioner.slotMinutes),
      ) ?? null
    );
  }
}
