import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AgendaRepository, AppointmentBooking, AppointmentLifecycle, AppointmentRecord, isSasEligible, isSasMotif, SlotFinder } from '@passerelle/api/agenda';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account } from '@passerelle/api/identity';
import { PracticeKeys, RealtimePublisher } from '@passerelle/api/messaging';
import { Conflict, Forbidden, NotFound, SlotTaken, ValidationFailed } from '@passerelle/api/platform';
import {
  AppointmentView,
  ExtraIdentityField,
  IDEMPOTENCY_KEY_PATTERN,
  MotifView,
  normalizeFrenchPhone,
  SasAppointmentChange,
  SasBookingRequest,
  SasBookingView,
  SasFunnelView,
  SasPatientIdentityDto,
  UpdateSasBookingRequest,
} from '@passerelle/shared/contracts';
import { toSasSlotView } from '../search/regulator-slot-search.service';
import { SasSearchRepository } from '../search/sas-search.repository';
import { AttachmentsUnavailable, IdempotentReplay, identityOf, SasBookingRepository, SasBookingRow } from './sas-booking.repository';

const REQUIRED_BY_PRACTITIONER: Record<ExtraIdentityField, { field: string; present: (p: SasPatientIdentityDto) => boolean }> = {
  email: { field: 'patient.email', present: (p) => !!p.email },
  address: { field: 'patient.address', present: (p) => !!p.address },
  socialSecurityNumber: { field: 'patient.socialSecurityNumber', present: (p) => !!p.socialSecurityNumber },
  referringDoctor: { field: 'patient.referringDoctor', present: (p) => !!p.referringDoctor },
  birthPlace: { field: 'patient.birthPlace', present: (p) => !!p.birthPlace },
};

const ATTACHMENT_UNAVAILABLE = 'Une pièce jointe est introuvable, déjà utilisée ou chiffrée pour un autre cabinet : envoyez-la à nouveau depuis ce formulaire.';
const attachmentUnavailable = () => new ValidationFailed(ATTACHMENT_UNAVAILABLE, { attachmentIds: ['Pièce jointe introuvable.'] });

const isMobile = (phone: string) => /^0[67]\d{8}$|^\+33[67]\d{8}$/.test(normalizeFrenchPhone(phone));

/**
 * The SAS booking funnel (seed 004, step 3; issue 4 §3–4) for regulators, and
 * the practice's view of what they booked. The booking itself is the
 * agenda's (AppointmentBooking.bookForRegulator); this service adds the
 * funnel's rules, the idempotency key, the patient identity, the message
 * and the attachments — all in the booking's one transaction.
 */
@Injectable()
export class SasBookings {
  constructor(
    private readonly repository: SasBookingRepository,
    private readonly cards: SasSearchRepository,
    private readonly agenda: AgendaRepository,
    private readonly slots: SlotFinder,
    private readonly booking: AppointmentBooking,
    private readonly lifecycle: AppointmentLifecycle,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly realtime: RealtimePublisher,
    private readonly practiceKeys: PracticeKeys,
  ) {}

  /** What the funnel offers at one slot: consultation types, motifs per "déjà consulté ?", the suggested motif, the extra identity fields. */
  async funnel(practitionerId: string, start: Date, actor: Actor): Promise<SasFunnelView> {
    const practitioner = await this.agenda.practitioner(practitionerId);
    const card = (await this.cards.cards([practitionerId])).get(practitionerId);
    const settings = await this.agenda.settings(practitionerId);
    if (!practitioner || !card || !settings) throw new NotFound('Praticien introuvable.');
    const found = await this.slots.freeSlots([practitionerId], start, new Date(start.getTime() + practitioner.slotMinutes * 60_000));
    const slot = found.find((s) => s.start.getTime() === start.getTime() && isSasEligible(s));
    if (!slot) throw new SlotTaken(await this.booking.alternatives(practitionerId, start, isSasEligible));
    const motifs = (await this.agenda.motifs(practitionerId)).filter((m) => slot.motifIds.includes(m.id) && m.consultationTypes.some((t) => slot.consultationTypes.includes(t)));
    const forNew = motifs.filter((m) => isSasMotif(m, practitioner.acceptsNewPatients, false));
    const forExisting = motifs.filter((m) => isSasMotif(m, practitioner.acceptsNewPatients, true));
    await this.audit.record({ actor, action: 'sas.funnel.read', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId });
    return {
      card,
      slot: toSasSlotView(slot),
      motifsForNewPatients: forNew,
      motifsForExistingPatients: forExisting,
      suggestedMotifId: suggestedMotif(forNew.length > 0 ? forNew : forExisting)?.id ?? null,
      extraIdentityFields: settings.extraIdentityFields as ExtraIdentityField[],
    };
  }

  /**
   * Books, or returns the booking an earlier request with the same
   * Idempotency-Key made (`replayed`). Nothing is written when a rule fails.
   */
  async book(request: SasBookingRequest, idempotencyKey: string | undefined, account: Account, actor: Actor): Promise<{ booking: SasBookingView; replayed: boolean }> {
    if (!idempotencyKey || !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new ValidationFailed('En-tête Idempotency-Key requis : 8 à 100 caractères (lettres, chiffres, - ou _), un par réservation.', { idempotencyKey: ['Clé d’idempotence requise.'] });
    }
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const earlier = await this.replay(account, idempotencyKey, requestHash, actor);
    if (earlier) return { booking: earlier, replayed: true };

    const settings = await this.agenda.settings(request.practitionerId);
    if (!settings) throw new NotFound('Praticien introuvable.');
    this.checkIdentity(request.patient, settings.extraIdentityFields as ExtraIdentityField[], request.consultationType);
    const attachmentIds = request.attachmentIds ?? [];
    // Only files encrypted to the booked practice's current key: the practice must be able to read what it receives.
    const attachments = { ids: attachmentIds, encryptedTo: attachmentIds.length > 0 ? ((await this.practiceKeys.ofPractitioner(request.practitionerId))?.fingerprint ?? null) : null };
    if ((await this.repository.claimable(account.id, attachments)).length !== attachmentIds.length) throw attachmentUnavailable();
    const identity = identityOf(request.patient, normalizeFrenchPhone);
    let appointment: AppointmentRecord;
    try {
      appointment = await this.booking.bookForRegulator(
        request.practitionerId,
        { start: new Date(request.start), consultationType: request.consultationType, motifId: request.motifId, alreadyConsulted: request.alreadyConsulted, patientMobile: identity.phone },
        { account, actor, isStaff: false, channel: 'REGULATOR' },
        {
          patient: async (tx) => {
            await this.repository.claimRequest(tx, account.id, idempotencyKey, requestHash);
            return this.repository.createPatient(tx, identity);
          },
          after: (tx, appointmentId) =>
            this.repository.recordBooking(
              tx,
              appointmentId,
              account.id,
              idempotencyKey,
              {
                alreadyConsulted: request.alreadyConsulted,
                message: request.message ?? null,
                patientAddress: request.patient.address ?? null,
                socialSecurityNumber: request.patient.socialSecurityNumber?.replace(/\s/g, '').toUpperCase() ?? null,
                referringDoctor: request.patient.referringDoctor ?? null,
              },
              attachments,
            ),
        },
      );
    } catch (error) {
      // A concurrent request with the same key won (or the slot it took is why this one lost).
      if (error instanceof IdempotentReplay || error instanceof SlotTaken) {
        const replayed = await this.replay(account, idempotencyKey, requestHash, actor);
        if (replayed) return { booking: replayed, replayed: true };
        if (error instanceof IdempotentReplay) throw new Conflict('Une demande avec cette clé d’idempotence est déjà en cours : réessayez dans un instant.');
      }
      if (error instanceof AttachmentsUnavailable) throw attachmentUnavailable();
      throw error;
    }
    const booking = await this.repository.bookingOfAppointment(appointment.id);
    if (!booking) throw new NotFound('Réservation introuvable.');
    await this.audit.record({
      actor, action: 'sas.booking.create', result: 'SUCCESS', onBehalfOf: request.practitionerId, patientId: booking.patient.id, resourceType: 'SasBooking', resourceId: booking.id,
      details: { attachments: attachmentIds.length, message: request.message ? 1 : 0, alreadyConsulted: request.alreadyConsulted ? 1 : 0 },
    });
    await this.notifyPractice(request.practitionerId, appointment.id, 'BOOKED');
    return { booking: await this.view(booking), replayed: false };
  }

  async mine(account: Account, actor: Actor): Promise<SasBookingView[]> {
    const rows = await this.repository.bookingsOf(account.id);
    await this.audit.record({ actor, action: 'sas.booking.list', result: 'SUCCESS', resourceType: 'SasBooking', details: { count: rows.length } });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async one(id: string, account: Account, actor: Actor): Promise<SasBookingView> {
    const row = await this.ownBooking(id, account, actor, 'sas.booking.read');
    await this.audit.record({ actor, action: 'sas.booking.read', result: 'SUCCESS', onBehalfOf: row.practitioner.id, patientId: row.patient.id, resourceType: 'SasBooking', resourceId: id });
    return this.view(row);
  }

  /** The regulator moves the appointment (to another SAS-eligible slot), corrects the identity or rewrites the message. */
  async update(id: string, change: UpdateSasBookingRequest, account: Account, actor: Actor): Promise<SasBookingView> {
    const row = await this.ownBooking(id, account, actor, 'sas.booking.update');
    const appointment = await this.lifecycle.find(row.appointmentId);
    if (!appointment) throw new NotFound('Rendez-vous introuvable.');
    if (appointment.status !== 'BOOKED') throw new Conflict('Seule une réservation à venir peut être modifiée.');
    if (change.patient) {
      const settings = await this.agenda.settings(row.practitioner.id);
      this.checkIdentity(change.patient, (settings?.extraIdentityFields ?? []) as ExtraIdentityField[], appointment.consultationType);
    }
    const newStart = change.start ? new Date(change.start) : null;
    const moved = newStart !== null && newStart.getTime() !== new Date(appointment.start).getTime();
    if (newStart && moved) await this.lifecycle.moveAuthorized(appointment, newStart, account, actor, isSasEligible);
    if (change.patient) {
      await this.repository.updatePatient(row.patient.id, identityOf(change.patient, normalizeFrenchPhone));
      await this.repository.updateBooking(id, {
        patientAddress: change.patient.address ?? null,
        socialSecurityNumber: change.patient.socialSecurityNumber?.replace(/\s/g, '').toUpperCase() ?? null,
        referringDoctor: change.patient.referringDoctor ?? null,
      });
    }
    if (change.message !== undefined) await this.repository.updateBooking(id, { message: change.message.trim() || null });
    await this.audit.record({
      actor, action: 'sas.booking.update', result: 'SUCCESS', onBehalfOf: row.practitioner.id, patientId: row.patient.id, resourceType: 'SasBooking', resourceId: id,
      details: { fields: Object.keys(change).join(',') },
    });
    await this.notifyPractice(row.practitioner.id, row.appointmentId, moved ? 'MOVED' : 'UPDATED');
    return this.one(id, account, actor);
  }

  async cancel(id: string, reason: string | undefined, account: Account, actor: Actor): Promise<SasBookingView> {
    const row = await this.ownBooking(id, account, actor, 'sas.booking.cancel');
    const appointment = await this.lifecycle.find(row.appointmentId);
    if (!appointment) throw new NotFound('Rendez-vous introuvable.');
    await this.lifecycle.cancelAuthorized(appointment, actor, reason);
    await this.audit.record({ actor, action: 'sas.booking.cancel', result: 'SUCCESS', onBehalfOf: row.practitioner.id, patientId: row.patient.id, resourceType: 'SasBooking', resourceId: id });
    await this.notifyPractice(row.practitioner.id, row.appointmentId, 'CANCELLED');
    return this.one(id, account, actor);
  }

  /** The practice's view of a SAS appointment: regulator, identity, message, attachments (staff of the practitioner only, audited). */
  async forPractice(appointmentId: string, account: Account, actor: Actor): Promise<SasBookingView> {
    const row = await this.repository.bookingOfAppointment(appointmentId);
    if (!row) throw new NotFound('Ce rendez-vous n’a pas été pris par la régulation SAS.');
    await this.access.requirePractitionerStaff(account, actor, row.practitioner.id, 'sas.booking.read');
    await this.audit.record({ actor, action: 'sas.booking.read', result: 'SUCCESS', onBehalfOf: row.practitioner.id, patientId: row.patient.id, resourceType: 'SasBooking', resourceId: row.id });
    return this.view(row);
  }

  /** The practice sees it at once (issue 4 §4): a live hint to its members' agendas, nothing about the patient. */
  private async notifyPractice(practitionerId: string, appointmentId: string, change: SasAppointmentChange['change']): Promise<void> {
    this.realtime.send(await this.repository.practiceMemberAccountIds(practitionerId), 'sas:appointment', { practitionerId, appointmentId, change });
  }

  /** The booking, when this regulator made it — through AccessPolicy's regulator rule; a refusal is audited. */
  private async ownBooking(id: string, account: Account, actor: Actor, action: string): Promise<SasBookingRow> {
    const row = await this.repository.booking(id);
    if (!row) throw new NotFound('Réservation introuvable.');
    if (row.regulatorId !== account.id) {
      await this.audit.record({ actor, action, result: 'DENIED', resourceType: 'SasBooking', resourceId: id, patientId: row.patient.id });
      throw new Forbidden('Cette réservation a été faite par un autre régulateur.');
    }
    await this.access.requirePatientAccess(account, actor, row.patient.id, action);
    return row;
  }

  private async replay(account: Account, idempotencyKey: string, requestHash: string, actor: Actor): Promise<SasBookingView | null> {
    const earlier = await this.repository.request(account.id, idempotencyKey);
    if (!earlier?.bookingId) return null;
    if (earlier.requestHash !== requestHash) {
      throw new Conflict('Cette clé d’idempotence a déjà servi pour une autre réservation : utilisez une nouvelle clé.');
    }
    const row = await this.repository.booking(earlier.bookingId);
    if (!row) return null;
    await this.audit.record({ actor, action: 'sas.booking.replay', result: 'SUCCESS', onBehalfOf: row.practitioner.id, patientId: row.patient.id, resourceType: 'SasBooking', resourceId: row.id });
    return this.view(row);
  }

  /** Rules that depend on the practitioner: the identity fields they require, a mobile for video. */
  private checkIdentity(patient: SasPatientIdentityDto, required: ExtraIdentityField[], consultationType: string): void {
    const fields: Record<string, string[]> = {};
    for (const name of required) {
      const rule = REQUIRED_BY_PRACTITIONER[name];
      if (rule && !rule.present(patient)) fields[rule.field] = ['Champ demandé par ce praticien.'];
    }
    if (consultationType === 'VIDEO' && !isMobile(patient.phone)) {
      fields['patient.phone'] = ['Un numéro de mobile (06 ou 07) est nécessaire pour une consultation en vidéo.'];
    }
    const count = Object.keys(fields).length;
    if (count > 0) {
      throw new ValidationFailed(count === 1 ? (fields['patient.phone']?.[0] ?? 'Ce praticien demande une information de plus sur le patient.') : `${count} champs sont à corriger.`, fields);
    }
  }

  private async view(row: SasBookingRow): Promise<SasBookingView> {
    const appointment = await this.lifecycle.find(row.appointmentId);
    if (!appointment) throw new NotFound('Rendez-vous introuvable.');
    return {
      id: row.id,
      appointment: { ...appointment, bookedById: undefined } as AppointmentView,
      practitioner: { ...row.practitioner, place: row.place },
      regulator: { id: row.regulatorId, displayName: row.regulatorName },
      patient: row.patient,
      alreadyConsulted: row.alreadyConsulted,
      message: row.message,
      attachments: row.attachments,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

/** "Soins non programmés" where available (seed 004), else the first motif of the practitioner's order. */
export function suggestedMotif(motifs: MotifView[]): MotifView | null {
  return motifs.find((m) => m.isSnp) ?? motifs[0] ?? null;
}
