import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { uuidParam } from '@passerelle/api/agenda';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import {
  ATTACHMENT_TYPE_HEADER,
  CancelAppointmentRequest,
  RegulatorSlotSearchQuery,
  RegulatorSlotSearchResult,
  SasAttachmentView,
  SasBookingRequest,
  SasBookingView,
  SasFunnelQuery,
  SasPracticeKeyView,
  SasFunnelView,
  SasPractitionerPage,
  SasPractitionerSlotsQuery,
  SasSlotView,
  UpdateSasBookingRequest,
} from '@passerelle/shared/contracts';
import { SasAttachments } from '../attachments/sas-attachments.service';
import { SasBookings } from '../bookings/sas-bookings.service';
import { RegulatorSlotSearch } from '../search/regulator-slot-search.service';

/** SAS regulators only: slot search, booking funnel, attachments, their bookings. */
@ApiTags('regulation')
@Roles('REGULATOR')
@Controller('api/regulation')
export class RegulationController {
  constructor(
    private readonly search: RegulatorSlotSearch,
    private readonly bookings: SasBookings,
    private readonly attachments: SasAttachments,
  ) {}

  @Get('slots')
  slots(@Query() query: RegulatorSlotSearchQuery, @CurrentActor() actor: Actor): Promise<RegulatorSlotSearchResult> {
    return this.search.search(query, actor);
  }

  /** One practitioner's card and SAS slots over the default window (the SAS platform's link with praticien=<id>). */
  @Get('practitioners/:id')
  practitioner(@Param('id', uuidParam('praticien')) id: string, @CurrentActor() actor: Actor): Promise<SasPractitionerPage> {
    return this.search.practitioner(id, actor);
  }

  @Get('practitioners/:id/funnel')
  funnel(@Param('id', uuidParam('praticien')) id: string, @Query() query: SasFunnelQuery, @CurrentActor() actor: Actor): Promise<SasFunnelView> {
    return this.bookings.funnel(id, new Date(query.start), actor);
  }

  /** One practitioner's slots open to the SAS over the next `hours` (72 by default), to move a booking. */
  @Get('practitioners/:id/slots')
  practitionerSlots(@Param('id', uuidParam('praticien')) id: string, @Query() query: SasPractitionerSlotsQuery): Promise<SasSlotView[]> {
    return this.search.slotsOf(id, query.hours ?? 72);
  }

  /** The practice key the browser encrypts attachments to (409, explained, when the practice has none yet). */
  @Get('practitioners/:id/practice-key')
  practiceKey(@Param('id', uuidParam('praticien')) id: string): Promise<SasPracticeKeyView> {
    return this.attachments.practiceKeyView(id);
  }

  /** One encrypted file per request (multipart field "file", its type in X-Attachment-Type), streamed; the booking refers to it by id. */
  @Post('practitioners/:id/attachments')
  upload(@Param('id', uuidParam('praticien')) id: string, @Req() request: Request, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasAttachmentView> {
    return this.attachments.upload(request, id, request.get(ATTACHMENT_TYPE_HEADER), auth.account, actor);
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  removeAttachment(@Param('id', uuidParam('pièce jointe')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    return this.attachments.remove(id, auth.account, actor);
  }

  /** 201 for a new booking, 200 when the Idempotency-Key replays an earlier one. */
  @Post('bookings')
  async book(
    @Body() body: SasBookingRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentAuth() auth: RequestAuth,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SasBookingView> {
    const { booking, replayed } = await this.bookings.book(body, idempotencyKey, auth.account, actor);
    response.status(replayed ? 200 : 201);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return booking;
  }

  @Get('bookings')
  mine(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasBookingView[]> {
    return this.bookings.mine(auth.account, actor);
  }

  @Get('bookings/:id')
  one(@Param('id', uuidParam('réservation')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasBookingView> {
    return this.bookings.one(id, auth.account, actor);
  }

  @Patch('bookings/:id')
  update(@Param('id', uuidParam('réservation')) id: string, @Body() body: UpdateSasBookingRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasBookingView> {
    return this.bookings.update(id, body, auth.account, actor);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', uuidParam('réservation')) id: string, @Body() body: CancelAppointmentRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<SasBookingView> {
    return this.bookings.cancel(id, body.reason, auth.account, actor);
  }
}
