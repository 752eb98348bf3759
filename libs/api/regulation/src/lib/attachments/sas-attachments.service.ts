import { Injectable, OnModuleInit } from '@nestjs/common';
import { createReadStream, mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { AgendaRepository } from '@passerelle/api/agenda';
import { Account } from '@passerelle/api/identity';
import { EncryptionKeysMissing, PracticeKeys, PracticePublicKey, requireEncryptedTo, UnsupportedMediaType } from '@passerelle/api/messaging';
import { DomainError, NotFound, ScheduledJobs } from '@passerelle/api/platform';
import { ATTACHMENT_MEDIA_TYPES, AttachmentMediaType, SasAttachmentView, SasPracticeKeyView } from '@passerelle/shared/contracts';
import { SasBookingRepository } from '../bookings/sas-booking.repository';
import { acceptAttachment, receiveAttachment, refuseAttachment } from './attachment-upload';

/** Why a regulator cannot attach a file for this practitioner: said to them in the funnel, and on any upload. */
export const NO_PRACTICE_KEY =
  'Ce cabinet n’a pas encore de clé de chiffrement : aucune pièce jointe ne peut lui être envoyée par Passerelle, car elle doit être chiffrée pour lui seul. ' +
  'Réservez sans pièce jointe et transmettez les documents par une messagerie sécurisée de santé (MSSanté). ' +
  'La clé sera créée dès qu’un praticien du cabinet ouvrira sa messagerie Passerelle.';

/** Uploads not attached to a booking within this delay are deleted (the regulator gave up). */
export const UNATTACHED_TTL_MS = 2 * 60 * 60_000;
const PURGE_EVERY_MS = 15 * 60_000;
export const ATTACHMENT_PURGE_JOB = 'regulation.unattached-attachments-purge';

/**
 * Attachments of SAS bookings, end-to-end encrypted: the regulator's browser
 * checks the type by content and encrypts to the practice key of the
 * practitioner (libs/shared/crypto, as the messaging does); the API streams
 * the OpenPGP message to DATA_DIR/sas-attachments under a random name
 * (attachment-upload.ts), keeps it only when its header names exactly that
 * practice key, records it unattached; the booking's transaction claims it;
 * unattached ones are purged (a scheduled job, once across instances). The
 * directory is FILE_STORE_DIR/sas-attachments when set (shared by the
 * instances). The practice's browsers decrypt it.
 */
@Injectable()
export class SasAttachments implements OnModuleInit {
  private readonly directory: string;

  constructor(
    private readonly repository: SasBookingRepository,
    private readonly agenda: AgendaRepository,
    private readonly practiceKeys: PracticeKeys,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly jobs: ScheduledJobs,
    config: AppConfig,
  ) {
    this.directory = config.fileDirectory('sas-attachments', 'sas-attachments');
  }

  onModuleInit(): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    this.jobs.register({ name: ATTACHMENT_PURGE_JOB, periodMs: PURGE_EVERY_MS, run: () => this.purge().then(() => undefined) });
  }

  /** The key the regulator's browser encrypts to; 409 with NO_PRACTICE_KEY while the practice has none. */
  async practiceKey(practitionerId: string): Promise<PracticePublicKey> {
    if (!(await this.agenda.practitioner(practitionerId))) throw new NotFound('Praticien introuvable.');
    const key = await this.practiceKeys.ofPractitioner(practitionerId);
    if (!key) throw new EncryptionKeysMissing(NO_PRACTICE_KEY);
    return key;
  }

  async practiceKeyView(practitionerId: string): Promise<SasPracticeKeyView> {
    const { publicKey, fingerprint } = await this.practiceKey(practitionerId);
    return { practitionerId, publicKey, fingerprint };
  }

  /**
   * One encrypted file for this practitioner's practice. Refused — nothing
   * kept — when its declared type is not PDF/JPEG/PNG or disagrees with its
   * name, when it passes 50 MB, or when it is not an OpenPGP message to
   * exactly the practice key.
   */
  async upload(request: IncomingMessage, practitionerId: string, declaredType: string | undefined, account: Account, actor: Actor): Promise<SasAttachmentView> {
    let view: SasAttachmentView;
    try {
      if (!ATTACHMENT_MEDIA_TYPES.includes(declaredType as AttachmentMediaType)) {
        throw new UnsupportedMediaType('Type de pièce jointe manquant ou refusé : PDF, JPEG ou PNG (en-tête X-Attachment-Type).');
      }
      const key = await this.practiceKey(practitionerId);
      const file = await receiveAttachment(request, this.directory, declaredType as AttachmentMediaType);
      try {
        await requireEncryptedTo(file.header, [key.encryptionKeyIds], 'le cabinet du praticien (sa seule clé de cabinet)', 'file');
        await acceptAttachment(this.directory, file);
      } catch (error) {
        await refuseAttachment(this.directory, file);
        throw error;
      }
      try {
        view = await this.repository.createAttachment({
          regulatorId: account.id,
          storedName: file.storedName,
          fileName: file.fileName,
          mediaType: declaredType as AttachmentMediaType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          encryptedTo: key.fingerprint,
        });
      } catch (error) {
        await unlink(join(this.directory, file.storedName)).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      // Whatever was refused before the body was read: it is read and dropped so the answer can be sent.
      request.resume();
      const reason = error instanceof DomainError ? error.code : 'error';
      await this.audit.record({ actor, action: 'sas.attachment.upload', result: 'FAILURE', resourceType: 'SasAttachment', onBehalfOf: practitionerId, details: { reason } });
      throw error;
    }
    await this.audit.record({ actor, action: 'sas.attachment.upload', result: 'SUCCESS', resourceType: 'SasAttachment', resourceId: view.id, onBehalfOf: practitionerId, details: { mediaType: view.mediaType, sizeBytes: view.sizeBytes } });
    return view;
  }

  /** A regulator removes an upload before booking. */
  async remove(id: string, account: Account, actor: Actor): Promise<void> {
    const storedName = await this.repository.deleteUnattached(id, account.id);
    if (!storedName) {
      await this.audit.record({ actor, action: 'sas.attachment.delete', result: 'DENIED', resourceType: 'SasAttachment', resourceId: id });
      throw new NotFound('Pièce jointe introuvable (ou déjà jointe à une réservation).');
    }
    await unlink(join(this.directory, storedName)).catch(() => undefined);
    await this.audit.record({ actor, action: 'sas.attachment.delete', result: 'SUCCESS', resourceType: 'SasAttachment', resourceId: id });
  }

  /** The stored file — the OpenPGP message when encrypted — for practice staff of the booked practitioner only (audited). */
  async download(id: string, account: Account, actor: Actor): Promise<{ view: SasAttachmentView; stream: Readable }> {
    const attachment = await this.repository.attachment(id);
    const booking = attachment?.bookingId ? await this.repository.booking(attachment.bookingId) : null;
    if (!attachment || !booking) {
      await this.audit.record({ actor, action: 'sas.attachment.download', result: 'DENIED', resourceType: 'SasAttachment', resourceId: id, details: { reason: 'unknown' } });
      throw new NotFound('Pièce jointe introuvable.');
    }
    await this.access.requirePractitionerStaff(account, actor, booking.practitioner.id, 'sas.attachment.download');
    await this.audit.record({ actor, action: 'sas.attachment.download', result: 'SUCCESS', onBehalfOf: booking.practitioner.id, patientId: booking.patient.id, resourceType: 'SasAttachment', resourceId: id });
    const { storedName, ...view } = attachment;
    return { view, stream: createReadStream(join(this.directory, storedName)) };
  }

  /** Deletes uploads never attached to a booking after UNATTACHED_TTL_MS. */
  async purge(now = new Date()): Promise<number> {
    const stale = await this.repository.staleUnattached(new Date(now.getTime() - UNATTACHED_TTL_MS));
    for (const a of stale) {
      await this.repository.deleteAttachmentRow(a.id);
      await unlink(join(this.directory, a.storedName)).catch(() => undefined);
    }
    return stale.length;
  }
}
