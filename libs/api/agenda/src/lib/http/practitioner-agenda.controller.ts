import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { AccessPolicy, AuthenticatedRequest, CurrentActor, CurrentAuth, Public, RequestAuth, Roles } from '@passerelle/api/auth';
import {
  AgendaSettingsView,
  AppointmentView,
  BlockRequest,
  BlockView,
  BookAppointmentRequest,
  BookingPageView,
  CalendarView,
  HoursChangeResult,
  MotifRequest,
  MotifView,
  ReplaceOpeningHoursRequest,
  TimeWindowQuery,
  UpdateAgendaSettingsRequest,
} from '@passerelle/shared/contracts';
import { AgendaSettings } from '../agenda/agenda-settings.service';
import { AgendaViews } from '../agenda/agenda-views.service';
import { AppointmentBooking } from '../appointments/appointment-booking.service';
import { uuid } from './params';

const STAFF = ['PRACTITIONER', 'SECRETARY'] as const;

@ApiTags('agenda')
@Controller('api/practitioners/:id')
export class PractitionerAgendaController {
  constructor(
    private readonly settings: AgendaSettings,
    private readonly views: AgendaViews,
    private readonly booking: AppointmentBooking,
    private readonly access: AccessPolicy,
  ) {}

  /** Anyone: what the viewer may book (motifs and free slots). */
  @Public()
  @Get('booking-page')
  async bookingPage(@Param('id', uuid('praticien')) id: string, @Query() window: TimeWindowQuery, @Req() request: AuthenticatedRequest): Promise<BookingPageView> {
    const account = request.auth?.account ?? null;
    const isStaff = account ? await this.access.canManagePractitioner(account, id) : false;
    return this.views.bookingPage(id, new Date(window.from), new Date(window.to), account, isStaff);
  }

  @Roles('PATIENT', ...STAFF)
  @Post('appointments')
  @HttpCode(201)
  async book(@Param('id', uuid('praticien')) id: string, @Body() body: BookAppointmentRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    const isStaff = auth.account.role !== 'PATIENT';
    if (isStaff) await this.access.requirePractitionerStaff(auth.account, actor, id, 'appointment.book');
    return this.booking.book(id, body, { account: auth.account, actor, isStaff, channel: isStaff ? 'PRACTICE' : 'PATIENT_ONLINE' });
  }

  @Roles(...STAFF)
  @Get('agenda/settings')
  async getSettings(@Param('id', uuid('praticien')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AgendaSettingsView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.settings.read');
    return this.settings.settings(id);
  }

  @Roles(...STAFF)
  @Put('agenda/settings')
  async putSettings(@Param('id', uuid('praticien')) id: string, @Body() body: UpdateAgendaSettingsRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AgendaSettingsView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.settings.update');
    return this.settings.update(id, body, actor);
  }

  @Roles(...STAFF)
  @Put('agenda/hours')
  async putHours(@Param('id', uuid('praticien')) id: string, @Body() body: ReplaceOpeningHoursRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<HoursChangeResult> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.hours.replace');
    return this.settings.replaceHours(id, body, actor);
  }

  @Roles(...STAFF)
  @Get('motifs')
  async motifs(@Param('id', uuid('praticien')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MotifView[]> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.motif.read');
    return this.settings.motifs(id);
  }

  @Roles(...STAFF)
  @Post('motifs')
  @HttpCode(201)
  async addMotif(@Param('id', uuid('praticien')) id: string, @Body() body: MotifRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MotifView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.motif.create');
    return this.settings.saveMotif(id, null, body, actor);
  }

  @Roles(...STAFF)
  @Put('motifs/:motifId')
  async updateMotif(@Param('id', uuid('praticien')) id: string, @Param('motifId', uuid('motif')) motifId: string, @Body() body: MotifRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<MotifView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.motif.update');
    return this.settings.saveMotif(id, motifId, body, actor);
  }

  @Roles(...STAFF)
  @Delete('motifs/:motifId')
  @HttpCode(204)
  async removeMotif(@Param('id', uuid('praticien')) id: string, @Param('motifId', uuid('motif')) motifId: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.motif.remove');
    await this.settings.removeMotif(id, motifId, actor);
  }

  @Roles(...STAFF)
  @Get('blocks')
  async blocks(@Param('id', uuid('praticien')) id: string, @Query() window: TimeWindowQuery, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<BlockView[]> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.block.read');
    return this.settings.blocks(id, new Date(window.from), new Date(window.to));
  }

  @Roles(...STAFF)
  @Post('blocks')
  @HttpCode(201)
  async addBlock(@Param('id', uuid('praticien')) id: string, @Body() body: BlockRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<BlockView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.block.add');
    return this.settings.addBlock(id, body, actor);
  }

  @Roles(...STAFF)
  @Delete('blocks/:blockId')
  @HttpCode(204)
  async removeBlock(@Param('id', uuid('praticien')) id: string, @Param('blockId', uuid('période')) blockId: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<void> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.block.remove');
    await this.settings.removeBlock(id, blockId, actor);
  }

  @Roles(...STAFF)
  @Get('calendar')
  async calendar(@Param('id', uuid('praticien')) id: string, @Query() window: TimeWindowQuery, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<CalendarView> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.calendar.read');
    return this.views.calendar(id, new Date(window.from), new Date(window.to), actor);
  }

  @Roles(...STAFF)
  @Get('teleconsultations')
  async teleconsultations(@Param('id', uuid('praticien')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView[]> {
    await this.access.requirePractitionerStaff(auth.account, actor, id, 'agenda.teleconsultations.read');
    return this.views.teleconsultations(id, actor);
  }
}
