import { Injectable, OnModuleInit } from '@nestjs/common';
import { createReadStream, mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { Account } from '@passerelle/api/identity';
import { DomainError, NotFound, ScheduledJobs } from '@passerelle/api/platform';
import { SasAttachmentView } from '@passerelle/shared/contracts';
import { SasBookingRepository } from '../bookings/sas-booking.repository';
import { receiveAttachment } from './attachment-upload';

/** Uploads not attached to a booking within this delay are deleted (the regulator gave up). */
export const UNATTACHED_TTL_MS = 2 * 60 * 60_000;
const PURGE_EVERY_MS = 15 * 60_000;
export const ATTACHMENT_PURGE_JOB = 'regulation.unattached-attachments-purge';

/**
 * Attachments of SAS bookings: streamed to DATA_DIR/sas-attachments under
 * random names (attachment-upload.ts), recorded unattached, claimed by the
 * booking's transaction; unattached ones are purged (a scheduled job, once
 * across instances). The directory is FILE_STORE_DIR/sas-attachments when
 * set (shared by the instances). Stored as uploaded:
 * end-to-end encryption to the practice key waits for the messaging crypto
 * library and practice keys (see the regulation README).
 */
@Injectable()
export class SasAttachments implements OnModuleInit {
  private readonly directory: string;

  constructor(
    private readonly repository: SasBookingRepository,
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

  async upload(request: IncomingMessage, account: Account, actor: Actor): Promise<SasAttachmentView> {
    let view: SasAttachmentView;
    try {
      const file = await receiveAttachment(request, this.directory);
      try {
        view = await this.repository.createAttachment({ regulatorId: account.id, ...file });
      } catch (error) {
        await unlink(join(this.directory, file.storedName)).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      const reason = error instanceof DomainError ? error.code : 'error';
      await this.audit.record({ actor, action: 'sas.attachment.upload', result: 'FAILURE', resourceType: 'SasAttachment', details: { reason } });
      throw error;
    }
    await this.audit.record({ actor, action: 'sas.attachment.upload', result: 'SUCCESS', resourceType: 'SasAttachment', resourceId: view.id, details: { mediaType: view.mediaType, sizeBytes: view.sizeBytes } });
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

  /** The file, for practice staff of the booked practitioner only (audited). */
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
