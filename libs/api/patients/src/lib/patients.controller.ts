import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '@passerelle/api/audit';
import { CurrentActor, CurrentAuth, RequestAuth, Roles } from '@passerelle/api/auth';
import { ValidationFailed } from '@passerelle/api/platform';
import { OwnPatientIdentityRequest, PatientIdentityView, PracticePatientView } from '@passerelle/shared/contracts';
import { PatientRecords } from './patient-records.service';

const patientIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailed('Identifiant de patient invalide.', { id: ['Identifiant de patient invalide.'] }) });

@ApiTags('patients')
@Controller('api')
export class PatientsController {
  constructor(private readonly records: PatientRecords) {}

  @Roles('PATIENT')
  @Get('patients/me')
  me(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PatientIdentityView> {
    return this.records.ownIdentity(auth.account, actor);
  }

  @Roles('PATIENT')
  @Put('patients/me')
  saveMine(@Body() request: OwnPatientIdentityRequest, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PatientIdentityView> {
    return this.records.saveOwnIdentity(auth.account, actor, request);
  }

  @Roles('PATIENT', 'PRACTITIONER', 'SECRETARY')
  @Get('patients/:id')
  one(@Param('id', patientIdPipe) id: string, @CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PatientIdentityView> {
    return this.records.identity(auth.account, actor, id);
  }

  @Roles('PRACTITIONER', 'SECRETARY')
  @Get('practice/patients')
  practicePatients(@CurrentAuth() auth: RequestAuth, @CurrentActor() actor: Actor): Promise<PracticePatientView[]> {
    return this.records.practicePatients(auth.account, actor);
  }
}
