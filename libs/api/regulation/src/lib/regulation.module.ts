import { Module } from '@nestjs/common';
import { OperationsModule } from '@passerelle/api/platform';
import { AgendaModule } from '@passerelle/api/agenda';
import { AuthModule } from '@passerelle/api/auth';
import { DirectoryModule } from '@passerelle/api/directory';
import { IdentityModule } from '@passerelle/api/identity';
import { MessagingModule } from '@passerelle/api/messaging';
import { SasAttachments } from './attachments/sas-attachments.service';
import { SasBookingRepository } from './bookings/sas-booking.repository';
import { SasBookings } from './bookings/sas-bookings.service';
import { PracticeSasController } from './http/practice-sas.controller';
import { RegulationController } from './http/regulation.controller';
import { RegulatorSlotSearch } from './search/regulator-slot-search.service';
import { SasSearchRepository } from './search/sas-search.repository';

/** SAS regulation (issue 4): regulator slot search, booking funnel, attachments, bookings; the practice's view of them. */
@Module({
  imports: [IdentityModule, AuthModule, AgendaModule, DirectoryModule, MessagingModule, OperationsModule],
  controllers: [RegulationController, PracticeSasController],
  providers: [SasSearchRepository, SasBookingRepository, RegulatorSlotSearch, SasBookings, SasAttachments],
  exports: [RegulatorSlotSearch, SasBookings],
})
export class RegulationModule {}
