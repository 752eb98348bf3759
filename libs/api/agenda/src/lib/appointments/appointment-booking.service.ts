import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Forbidden, NotFound, SlotTaken, ValidationFailed } from '@passerelle/api/platform';
import { AppointmentView, BookAppointmentRequest, BookingChannel, ConsultationType, MotifView, SlotView } from '@passerelle/shared/contracts';
import { AgendaRepository, PractitionerAgendaInfo } from '../agenda/agenda.repository';
import { SlotFinder, toSlotView } from '../agenda/slot-finder';
import { PracticeRepository } from '../practice/practice.repository';
import { FreeSlot, isSasEligible, isSasMotif } from '../slots/slot-engine';
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
    const practitioner = await this.agenda.practitioner(practitionerId);
    if (!practitioner) throw new NotFound('Praticien introuvable.');
    const patientId = await this.patientFor(practitionerId, request, booker);
    const existingPatient = await this.people.hasCareRelationship(patientId, practitionerId);
    if (!booker.isStaff) {
      await this.checkOnlineBooking(practitioner, booker.account);
    }
    const { motif, label, minutes } = await this.motifFor(practitioner, request, booker.isStaff, existingPatient);
    if (request.consultationType === 'VIDEO' && !request.patientMobile) {
      throw new ValidationFailed('Un numéro de mobile est nécessaire pour une téléconsultation.', { patientMobile: ['Numéro de mobile requis pour une consultation en vidéo.'] });
    }
    const start = new Date(request.start);
    const slot = await this.slotAt(practitioner, start, minutes, motif, request.consultationType);
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
      });
    } catch (error) {
      if (error instanceof SlotConflict) {
        await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'FAILURE', onBehalfOf: practitionerId, patientId, resourceType: 'Practitioner', resourceId: practitionerId, details: { reason: 'slot-taken' } });
        throw await this.taken(practitionerId, start);
      }
      throw error;
    }
    await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'SUCCESS', onBehalfOf: practitionerId, patientId, resourceType: 'Appointment', resourceId: appointment.id, details: { channel: booker.channel } });
    await this.refreshIfNext(practitioner, start);
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
    const practitioner = await this.agenda.practitioner(practitionerId);
    if (!practitioner) throw new NotFound('Praticien introuvable.');
    const motif = await this.agenda.motif(practitioner.id, request.motifId);
    if (!motif || !motif.active) throw new ValidationFailed('Motif inconnu pour ce praticien.', { motifId: ['Motif inconnu.'] });
    if (!motif.consultationTypes.includes(request.consultationType)) {
      throw new ValidationFailed('Ce motif n’est pas proposé pour ce type de consultation.', { consultationType: ['Type de consultation non proposé pour ce motif.'] });
    }
    if (!isSasMotif(motif, practitioner.acceptsNewPatients, request.alreadyConsulted)) {
      throw new ValidationFailed(
        request.alreadyConsulted ? 'Ce motif n’est pas ouvert à la régulation : choisissez « Soins non programmés » ou un motif réservable en ligne.' : 'Ce motif est réservé aux patients déjà suivis par ce praticien : choisissez « Soins non programmés » ou un motif ouvert aux nouveaux patients.',
        { motifId: ['Motif non ouvert à la régulation SAS pour ce patient.'] },
      );
    }
    const slot = await this.slotAt(practitioner, request.start, motif.durationMinutes, motif, request.consultationType);
    if (!slot || !isSasEligible(slot)) throw await this.taken(practitionerId, request.start, isSasEligible);
    let appointment: AppointmentRecord;
    try {
      appointment = await this.appointments.insert(
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
    await this.refreshIfNext(practitioner, request.start);
    return appointment;
  }

  /** Free slots to offer after a refusal: the next ten after the wanted time (or from now) that `eligible` keeps (public ones by default). */
  async alternatives(practitionerId: string, after: Date, eligible: SlotFilter = publicSlot): Promise<SlotView[]> {
    const from = new Date(Math.max(after.getTime(), Date.now()));
    const found = await this.slots.freeSlots([practitionerId], from, new Date(from.getTime() + 14 * 86_400_000));
    return found.filter(eligible).slice(0, 10).map(toSlotView);
  }

  /** The directory's next-slot column only changes when the booked slot was (at or before) it. */
  async refreshIfNext(practitioner: PractitionerAgendaInfo, start: Date): Promise<void> {
    if (!practitioner.nextFreeSlotAt || start.getTime() <= practitioner.nextFreeSlotAt.getTime()) {
      await this.slots.refreshNextFreeSlot(practitioner.id);
    }
  }

  private async taken(practitionerId: string, start: Date, eligible: SlotFilter = publicSlot): Promise<SlotTaken> {
    return new SlotTaken(await this.alternatives(practitionerId, start, eligible));
  }

  private async patientFor(practitionerId: string, request: BookAppointmentRequest, booker: Booker): Promise<string> {
    if (!booker.isStaff) {
      if (request.patientId) throw new ValidationFailed('Un patient prend rendez-vous pour lui-même.', { patientId: ['Champ réservé au cabinet.'] });
      const own = await this.people.patientIdOfAccount(booker.account.id);
      if (!own) throw new ValidationFailed('Complétez votre identité (nom de naissance, date de naissance) avant de prendre rendez-vous.');
      return own;
    }
    if (!request.patientId) throw new ValidationFailed('Choisissez le patient.', { patientId: ['Patient requis.'] });
    const practiceId = await this.people.practiceOfPractitioner(practitionerId);
    const exists = await this.people.patientIdentity(request.patientId);
    if (!exists || !practiceId || !(await this.people.isPatientOfPractices(request.patientId, [practiceId]))) {
      await this.audit.record({ actor: booker.actor, action: 'appointment.book', result: 'DENIED', patientId: request.patientId, resourceType: 'Patient', resourceId: request.patientId, details: { reason: 'patient-not-in-practice' } });
      throw new Forbidden("Ce patient n'est pas suivi par le cabinet : enregistrez-le d'abord.");
    }
    return request.patientId;
  }

  private async checkOnlineBooking(practitioner: PractitionerAgendaInfo, account: Account): Promise<void> {
    if (practitioner.onlineBookingMode === 'ALLOW_LIST' && !(await this.practice.isAllowed(practitioner.practiceId, account.email))) {
      throw new Forbidden('Ce cabinet réserve la prise de rendez-vous en ligne à ses patients enregistrés. Contactez le secrétariat pour faire ajouter votre adresse e-mail.');
    }
  }

  private async motifFor(practitioner: PractitionerAgendaInfo, request: BookAppointmentRequest, isStaff: boolean, existingPatient: boolean): Promise<{ motif: MotifView | null; label: string; minutes: number }> {
    if (request.motifId) {
      const motif = await this.agenda.motif(practitioner.id, request.motifId);
      if (!motif || !motif.active) throw new ValidationFailed('Motif inconnu pour ce praticien.', { motifId: ['Motif inconnu.'] });
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
  private async slotAt(practitioner: PractitionerAgendaInfo, start: Date, minutes: number, motif: MotifView | null, type: string): Promise<FreeSlot | null> {
    const slots = await this.slots.freeSlots([practitioner.id], start, new Date(start.getTime() + Math.max(minutes, practitioner.slotMinutes) * 60_000));
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
