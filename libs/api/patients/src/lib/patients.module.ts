import { Module } from '@nestjs/common';
import { AuthModule } from '@passerelle/api/auth';
import { IdentityModule } from '@passerelle/api/identity';
import { PatientRecords } from './patient-records.service';
import { PatientsController } from './patients.controller';

@Module({ imports: [IdentityModule, AuthModule], controllers: [PatientsController], providers: [PatientRecords] })
export class PatientsModule {}
