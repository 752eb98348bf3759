import { Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { IdentityModule } from '@passerelle/api/identity';
import { AgendaRepository } from './agenda/agenda.repository';
import { AgendaSettings } from './agenda/agenda-settings.service';
import { AgendaViews } from './agenda/agenda-views.service';
import { SlotFinder } from './agenda/slot-finder';
import { AppointmentBooking } from './appointments/appointment-booking.service';
import { AppointmentLifecycle } from './appointments/appointment-lifecycle.service';
import { AppointmentRepository } from './appointments/appointment.repository';
import { OperationsModule } from '@passerelle/api/platform';
import { AgendaHousekeeping } from './agenda/agenda-housekeeping';
import { AgendaDemoData } from './agenda/agenda-demo-data';
import { AppointmentsController } from './http/appointments.controller';
import { PracticeController } from './http/practice.controller';
import { PractitionerAgendaController } from './http/practitioner-agenda.controller';
import { PracticeRepository } from './practice/practice.repository';
import { PracticeTeam } from './practice/practice-team.service';

@Module({
  imports: [IdentityModule, AuthModule, OperationsModule],
  controllers: [PractitionerAgendaController, AppointmentsController, PracticeController],
  providers: [AgendaRepository, AppointmentRepository, PracticeRepository, SlotFinder, AgendaSettings, AgendaViews, AppointmentBooking, AppointmentLifecycle, PracticeTeam, AgendaHousekeeping, AgendaDemoData],
  exports: [SlotFinder, AgendaViews, AppointmentBooking, AppointmentLifecycle, AgendaSettings, AgendaDemoData, AgendaRepository],
})
export class AgendaModule {}
