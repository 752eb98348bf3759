import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AgendaModule } from '@passerelle/api/agenda';
import { OperationsModule } from '@passerelle/api/platform';
import { RegulatorsModule } from '@passerelle/api/regulators';
import { fhirBodyParser } from './http/fhir-body-parser';
import { PlatformCertificateGuard } from './http/platform-certificate.guard';
import { SlotController } from './http/slot.controller';
import { FhirFallbackController } from './http/fhir-fallback.controller';
import { RegulatorController } from './http/regulator.controller';
import { SasDirectoryRepository } from './slots/sas-directory.repository';
import { SlotAggregation } from './slots/slot-aggregation.service';
import { SasNotificationDispatcher } from './platform/sas-notification.dispatcher';
import { SasNotificationRepository } from './platform/sas-notification.repository';
import { SasPlatformClient } from './platform/sas-platform-client';

/** The national SAS platform's FHIR interface, mounted at /fhir (outside /api). */
@Module({
  imports: [AgendaModule, RegulatorsModule, OperationsModule],
  controllers: [SlotController, RegulatorController, FhirFallbackController],
  providers: [SasDirectoryRepository, SlotAggregation, PlatformCertificateGuard, SasNotificationRepository, SasPlatformClient, SasNotificationDispatcher],
})
export class FhirModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(fhirBodyParser).forRoutes('fhir/*path');
  }
}
