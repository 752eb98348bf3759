import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Conflict, Forbidden, NotFound, SlotTaken, ValidationFailed } from '@passerelle/api/platform';
import { AppointmentStatus, AppointmentView } from '@passerelle/shared/contracts';
import { AgendaRepository } from '../agenda/agenda.repository';
import { SlotFinder } from '../agenda/slot-finder';
import { FreeSlot } from '../slots/slot-engine';
import { AppointmentRecord, AppointmentRepository, SlotConflict } from './appointment.repository';
import { AppointmentBooking } from './appointment-booking.service';

/** Cancel, move, mark done / no-show, teleconsultation payment — each audited with who did it. */
@Injectable()
export class AppointmentLifecycle {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly agenda: AgendaRepository,
    private readonly booking: AppointmentBooking,
    private readonly slots: SlotFinder,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
  ) {}

  /** Loads an appointment the account may act on: practice staff of its practitioner, or its own patient. */
  private async load(id: string, account: Account, actor: Actor, action: string, staffOnly: boolean): Promise<{ appointment: AppointmentRecord; isStaff: boolean }> {
    const appointment = await this.appointments.find(id);
    if (!appointment) throw new NotFound('Rendez-vous introuvable.');
    if (await this.access.canManagePractitioner(account, appointment.practitionerId)) {
      return { appointment, isStaff: true };
    }
    const ownPatient = account.role === 'PATIENT' && (await this.people.patientIdOfAccount(account.id)) === appointment.patientId;
    if (ownPatient && !staffOnly) {
      return { appointment, isStaff: false };
    }
    await this.audit.record({ actor, action, result: 'DENIED', resourceType: 'Appointment', resourceId: id, patientId: appointment.patientId });
    throw new Forbidden(ownPatient ? 'Seul le cabinet peut effectuer cette action.' : "Vous n'avez pas accès à ce rendez-vous.");
  }

  async cancel(id: string, account: Account, actor: Actor, reason?: string): Promise<AppointmentView> {
    const { appointment, isStaff } = await this.load(id, account, actor, 'appointment.cancel', false);
    if (!isStaff) {
      const practitioner = await this.agenda.practitioner(appointment.practitionerId);
      const cutoffMs = (practitioner?.patientCancelCutoffHours ?? 24) * 3_600_000;
      if (new Date(appointment.start).getTime() - Date.now() < cutoffMs) {
        throw new Forbidden(`Ce rendez-vous ne peut plus être annulé en ligne (moins de ${practitioner?.patientCancelCutoffHours ?? 24} h avant) : contactez le cabinet.`);
      }
    }
    return this.cancelAuthorized(appointment, actor, reason);
  }

  /**
   * Cancels an appointment whose caller was authorized elsewhere (the SAS
   * regulator who booked it: libs/api/regulation checks that first).
   */
  async cancelAuthorized(appointment: AppointmentRecord, actor: Actor, reason?: string): Promise<AppointmentView> {
    const updated = await this.transition(appointment, 'BOOKED', 'CANCELLED', actor, 'appointment.cancel', reason);
    await this.slots.refreshNextFreeSlot(appointment.practitionerId);
    return updated;
  }

  async move(id: string, newStart: Date, account: Account, actor: Actor): Promise<AppointmentView> {
    const { appointment } = await this.load(id, account, actor, 'appointment.move', true);
    return this.moveAuthorized(appointment, newStart, account, actor);
  }

  /**
   * Moves an appointment whose caller was authorized elsewhere; `eligible`
   * narrows the slots it may move to (the SAS: isSasEligible).
   */
  async moveAuthorized(appointment: AppointmentRecord, newStart: Date, account: Account, actor: Actor, eligible: (slot: FreeSlot) => boolean = () => true): Promise<AppointmentView> {
    if (appointment.status !== 'BOOKED') throw new Conflict('Seul un rendez-vous à venir peut être déplacé.');
    const minutes = Math.round((new Date(appointment.end).getTime() - new Date(appointment.start).getTime()) / 60_000);
    const free = await this.slots.freeSlots([appointment.practitionerId], newStart, new Date(newStart.getTime() + minutes * 60_000));
    const fits = free.some((s) => s.start.getTime() === newStart.getTime() && s.consultationTypes.includes(appointment.consultationType) && eligible(s));
    // The appointment's own time counts as busy for the engine: moving by less than its length is checked by the database alone.
    const overlapsItself = newStart.getTime() < new Date(appointment.end).getTime() && newStart.getTime() + minutes * 60_000 > new Date(appointment.start).getTime();
    if (!fits && !overlapsItself) throw new SlotTaken(await this.booking.alternatives(appointment.practitionerId, newStart, eligible));
    let moved: AppointmentRecord;
    try {
      moved = await this.appointments.move(appointment.id, newStart, new Date(newStart.getTime() + minutes * 60_000), account.id);
    } catch (error) {
      if (error instanceof SlotConflict) throw new SlotTaken(await this.booking.alternatives(appointment.practitionerId, newStart, eligible));
      throw error;
    }
    await this.audit.record({ actor, action: 'appointment.move', result: 'SUCCESS', onBehalfOf: appointment.practitionerId, patientId: appointment.patientId, resourceType: 'Appointment', resourceId: appointment.id });
    await this.slots.refreshNextFreeSlot(appointment.practitionerId);
    return moved;
  }

  /** An appointment by id, for callers that authorize it themselves (null when unknown). */
  find(id: string): Promise<AppointmentRecord | null> {
    return this.appointments.find(id);
  }

  /** Done: the patient is now "already a patient" of the practitioner (opens messaging). */
  async markDone(id: string, account: Account, actor: Actor): Promise<AppointmentView> {
    const { appointment } = await this.load(id, account, actor, 'appointment.done', true);
    this.requireStarted(appointment);
    const updated = await this.transition(appointment, 'BOOKED', 'DONE', actor, 'appointment.done');
    await this.people.recordCareFromAppointment(appointment.patientId, appointment.practitionerId, appointment.id);
    return updated;
  }

  /** "Absence injustifiée": kept in the patient's history and counted. */
  async markNoShow(id: string, account: Account, actor: Actor): Promise<AppointmentView> {
    const { appointment } = await this.load(id, account, actor, 'appointment.no-show', true);
    this.requireStarted(appointment);
    return this.transition(appointment, 'BOOKED', 'NO_SHOW', actor, 'appointment.no-show');
  }

  async setPayment(id: string, status: 'PAID' | 'UNPAID', account: Account, actor: Actor): Promise<AppointmentView> {
    const { appointment } = await this.load(id, account, actor, 'appointment.payment', true);
    if (appointment.consultationType !== 'VIDEO') throw new ValidationFailed('Le suivi du paiement concerne les téléconsultations.');
    const updated = await this.appointments.setPayment(id, status, account.id);
    await this.audit.record({ actor, action: 'appointment.payment', result: 'SUCCESS', onBehalfOf: appointment.practitionerId, patientId: appointment.patientId, resourceType: 'Appointment', resourceId: id, details: { status } });
    return updated;
  }

  private requireStarted(appointment: AppointmentRecord): void {
    if (new Date(appointment.start).getTime() > Date.now()) {
      throw new Conflict('Ce rendez-vous n’a pas encore commencé.');
    }
  }

  private async transition(appointment: AppointmentRecord, from: AppointmentStatus, to: AppointmentStatus, actor: Actor, action: string, reason?: string): Promise<AppointmentView> {
    const updated = await this.appointments.changeStatus(appointment.id, from, to, actor.accountId ?? '', reason);
    if (!updated) throw new Conflict(`Ce rendez-vous est déjà « ${appointment.status === 'CANCELLED' ? 'annulé' : appointment.status === 'DONE' ? 'honoré' : appointment.status === 'NO_SHOW' ? 'absence injustifiée' : 'modifié'} ».`);
    await this.audit.record({ actor, action, result: 'SUCCESS', onBehalfOf: appointment.practitionerId, patientId: appointment.patientId, resourceType: 'Appointment', resourceId: appointment.id });
    return updated;
  }
}
