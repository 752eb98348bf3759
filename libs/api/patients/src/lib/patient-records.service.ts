import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { NotFound, ValidationFailed } from '@passerelle/api/platform';
import { normalizeFrenchPhone, OwnPatientIdentityRequest, PatientIdentityView, PracticePatientView } from '@passerelle/shared/contracts';

/** Identity statuses a practice set after checking a document: the patient no longer rewrites them. */
const VERIFIED = new Set<PatientIdentityView['identityStatus']>(['VALIDATED', 'QUALIFIED']);

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

  /**
   * A patient records their own identity (needed to book). Self-declared, it
   * stays provisional; once a practice validated it, the patient may still
   * change the names they use and their phone, not what the document says.
   */
  async saveOwnIdentity(account: Account, actor: Actor, request: OwnPatientIdentityRequest): Promise<PatientIdentityView> {
    const existingId = await this.people.patientIdOfAccount(account.id);
    const existing = existingId ? await this.people.patientIdentity(existingId) : null;
    const wanted = {
      birthName: request.birthName.toUpperCase(),
      usedName: request.usedName?.toUpperCase(),
      firstNames: request.firstNames,
      usedFirstName: request.usedFirstName,
      birthDate: request.birthDate,
      sex: request.sex,
      birthPlaceInsee: request.birthPlace.bornInFrance ? request.birthPlace.communeInsee?.toUpperCase() : undefined,
      birthCountryInsee: request.birthPlace.bornInFrance ? undefined : request.birthPlace.countryInsee,
      phone: request.phone ? normalizeFrenchPhone(request.phone) : undefined,
      email: account.email,
    };
    const verified = existing !== null && VERIFIED.has(existing.identityStatus);
    if (verified) {
      const changed: string[] = (['birthName', 'firstNames', 'birthDate', 'sex'] as const).filter((field) => wanted[field] !== existing[field]);
      if (wanted.birthPlaceInsee !== (existing.birthPlaceInsee ?? undefined) || wanted.birthCountryInsee !== (existing.birthCountryInsee ?? undefined)) changed.push('birthPlace');
      if (changed.length > 0) {
        await this.audit.record({ actor, action: 'patient.identity.write', result: 'DENIED', resourceType: 'Patient', resourceId: existing.id, patientId: existing.id, details: { reason: 'verified-identity', fields: changed.join(',') } });
        throw new ValidationFailed(
          'Votre identité a été vérifiée par votre cabinet sur pièce d’identité : seuls le nom et le prénom utilisés et le téléphone peuvent être modifiés ici. Pour corriger le reste, adressez-vous au cabinet.',
          Object.fromEntries(changed.map((field) => [field, ['Vérifié par le cabinet : modification impossible ici.']])),
        );
      }
    }
    const saved = await this.people.saveOwnPatient(account.id, wanted, verified ? 'contact' : 'all');
    await this.audit.record({ actor, action: 'patient.identity.write', result: 'SUCCESS', resourceType: 'Patient', resourceId: saved.id, patientId: saved.id, details: { created: existing === null } });
    return saved;
  }

  async practicePatients(account: Account, actor: Actor): Promise<PracticePatientView[]> {
    const practiceIds = await this.people.activePracticeIds(account.id);
    const patients = await this.people.patientsOfPractices(practiceIds);
    await this.audit.record({ actor, action: 'practice.patients.list', result: 'SUCCESS', resourceType: 'Practice', resourceId: practiceIds.join(','), details: { count: patients.length } });
    return patients;
  }
}
