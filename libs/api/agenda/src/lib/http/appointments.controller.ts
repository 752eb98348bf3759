import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { AccessPolicy, CurrentActor, CurrentAuth, Public, RequestAuth, Roles } from '@passerelle/api/auth';
import {
  AppointmentView,
  CancelAppointmentRequest,
  MoveAppointmentRequest,
  PatientHistoryView,
  PaymentStatusRequest,
  SlotView,
  TimeWindowQuery,
} from '@passerelle/shared/contracts';
import { IsString, Matches } from 'class-validator';
import { AgendaViews } from '../agenda/agenda-views.service';
import { AppointmentLifecycle } from '../appointments/appointment-lifecycle.service';
import { uuid } from './params';

export class SlotsQuery extends TimeWindowQuery {
  /** Up to 25 practitioner ids, comma-separated. */
  @IsString()
  @Matches(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,24}$/i, { message: 'De 1 à 25 identifiants de praticiens, séparés par des virgules.' })
  practitioners!: string;
}

@ApiTags('appointments')
@Controller('api')
export class AppointmentsController {
  constructor(
    private readonly lifecycle: AppointmentLifecycle,
    private readonly views: AgendaViews,
    private readonly access: AccessPolicy,
  ) {}

  /** Free slots bookable online of up to 25 practitioners (search pages, SAS). */
  @Public()
  @Get('slots')
  slots(@Query() query: SlotsQuery): Promise<SlotView[]> {
    return this.views.publicSlots([...new Set(query.practitioners.split(','))], new Date(query.from), new Date(query.to));
  }

  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Post('appointments/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', uuid('rendez-vous')) id: string, @Body() body: CancelAppointmentRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    return this.lifecycle.cancel(id, auth.account, actor, body.reason);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('appointments/:id/move')
  @HttpCode(200)
  move(@Param('id', uuid('rendez-vous')) id: string, @Body() body: MoveAppointmentRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    return this.lifecycle.move(id, new Date(body.start), auth.account, actor);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('appointments/:id/done')
  @HttpCode(200)
  done(@Param('id', uuid('rendez-vous')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    return this.lifecycle.markDone(id, auth.account, actor);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('appointments/:id/no-show')
  @HttpCode(200)
  noShow(@Param('id', uuid('rendez-vous')) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    return this.lifecycle.markNoShow(id, auth.account, actor);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Post('appointments/:id/payment')
  @HttpCode(200)
  payment(@Param('id', uuid('rendez-vous')) id: string, @Body() body: PaymentStatusRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView> {
    return this.lifecycle.setPayment(id, body.status, auth.account, actor);
  }

  @Roles('PATIENT')
  @Get('patient/appointments')
  mine(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<AppointmentView[]> {
    return this.views.myAppointments(auth.account, actor);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('practice/patients/:patientId/history')
  async history(@Param('patientId', uuid('patient')) patientId: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PatientHistoryView> {
    await this.access.requirePatientAccess(auth.account, actor, patientId, 'patient.history.read');
    return this.views.history(patientId, auth.account, actor);
  }
}

