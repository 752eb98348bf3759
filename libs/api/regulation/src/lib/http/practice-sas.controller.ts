import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { uuidParam } from '@passerelle/api/agenda';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import { SasBookingView } from '@passerelle/shared/contracts';
import { SasAttachments } from '../attachments/sas-attachments.service';
import { SasBookings } from '../bookings/sas-bookings.service';

/** The practice's side of SAS bookings: who booked, the patient, the message, the attachments. */
@ApiTags('regulation')
@Roles('PRACTITIONER', 'SECRETARY')
@Controller('api/practice')
export class PracticeSasController {
  constructor(
    private readonly bookings: SasBookings,
    private readonly attachments: SasAttachments,
  ) {}

  @Get('appointments/:appointmentId/sas')
  booking(@Param('appointmentId', uuidParam('rendez-vous')) appointmentId: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasBookingView> {
    return this.bookings.forPractice(appointmentId, auth.account, actor);
  }

  @Get('sas-attachments/:id')
  async attachment(@Param('id', uuidParam('pièce jointe')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { view, stream } = await this.attachments.download(id, auth.account, actor);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (view.encrypted) {
      // Ciphertext for the practice's browser to decrypt; a server-chosen name (RFC 6266), never the uploader's.
      return new StreamableFile(stream, { type: 'application/octet-stream', length: view.sizeBytes, disposition: `attachment; filename="piece-jointe-sas-${view.id}.pgp"` });
    }
    return new StreamableFile(stream, {
      type: view.mediaType,
      length: view.sizeBytes,
      disposition: `attachment; filename="${view.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(view.fileName)}`,
    });
  }
}
