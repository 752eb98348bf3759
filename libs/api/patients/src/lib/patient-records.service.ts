import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { NotFound } from '@passerelle/api/platform';
import { PatientIdentityView, PracticePatientView } from '@passerelle/shared/contracts';

/** Reads of patient identity: each one checked by AccessPolicy and audited. */
@Injectable()
export class PatientRecords {
  constructor(
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
  ) {}

  async identity(account: Account, actor: Actor, patientId: string): Promise<PatientIdentityView> {
    await this.access.requirePatientAccess(account, actor, patientId, 'patient.identity.read');
    const identity = await this.people.patientIdentity(patientId);
    if (!identity) {
      throw new NotFound('Patient introuvable.');
    }
    await this.audit.record({ actor, action: 'patient.identity.read', result: 'SUCCESS', resourceType: 'Patient', resourceId: patientId, patientId });
    return identity;
  }

  async ownIdentity(account: Account, actor: Actor): Promise<PatientIdentityView> {
    const patientId = await this.people.patientIdOfAccount(account.id);
    if (!patientId) {
      throw new NotFound("Votre identité n'est pas encore renseignée.");
    }
    return this.identity(account, actor, patientId);
  }

  async practicePatients(account: Account, actor: Actor): Promise<PracticePatientView[]> {
    const practiceIds = await this.people.activePracticeIds(account.id);
    const patients = await this.people.patientsOfPractices(practiceIds);
    await this.audit.record({ actor, action: 'practice.patients.list', result: 'SUCCESS', resourceType: 'Practice', resourceId: practiceIds.join(','), details: { count: patients.length } });
    return patients;
  }
}
