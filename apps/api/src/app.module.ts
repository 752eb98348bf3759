import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from '@passerelle/api/admin';
import { AuditModule } from '@passerelle/api/audit';
import { AuthModule } from '@passerelle/api/auth';
import { AppConfig, ConfigModule } from '@passerelle/api/config';
import { DatabaseModule } from '@passerelle/api/database';
import { IdentityModule } from '@passerelle/api/identity';
import { PatientsModule } from '@passerelle/api/patients';
import { AgendaModule } from '@passerelle/api/agenda';
import { DirectoryModule } from '@passerelle/api/directory';
import { RegulationModule } from '@passerelle/api/regulation';
import { FhirModule } from '@passerelle/api/fhir';
import { MailModule } from '@passerelle/api/mail';
import { RegulatorsModule } from '@passerelle/api/regulators';
import { MessagingModule } from '@passerelle/api/messaging';
import { loggingOptions, PlatformModule } from '@passerelle/api/platform';

/** Composition only: every behaviour lives in libs/api/*. */
@Module({
  imports: [
    ConfigModule.forRoot(),
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => loggingOptions(config.logLevel) }),
    DatabaseModule,
    AuditModule,
    PlatformModule,
    IdentityModule,
    AuthModule,
    PatientsModule,
    AdminModule,
    AgendaModule,
    DirectoryModule,
    RegulationModule,
    MailModule,
    RegulatorsModule,
    FhirModule,
    MessagingModule,
  ],
})
export class AppModule {}
