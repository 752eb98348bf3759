import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, PeopleRepository, PracticeRecordStanding } from '@passerelle/api/identity';
import { Forbidden, NotFound } from '@passerelle/api/platform';
import { Role } from '@passerelle/shared/contracts';

/** Who may see a practice record at all: the patient, the practice's staff. */
const PRACTICE_RECORD_ROLES: ReadonlySet<Role> = new Set<Role>(['PATIENT', 'PRACTITIONER', 'SECRETARY']);

/**
 * Record-level authorization ("BOLA"), in one place: who may touch a
 * patient's health data. A patient: their own record. Practice staff
 * (practitioner or secretary): patients treated by a practitioner of a
 * practice they belong to. Nobody else — administrators manage accounts,
 * not records. A SAS regulator: the patients of the appointments they
 * booked (to see, correct and cancel those bookings), nothing else.
 * A refusal is audited with the patient concerned.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly people: PeopleRepository,
    private readonly audit: AuditTrail,
  ) {}

  async canAccessPatient(account: Account, patientId: string): Promise<boolean> {
    switch (account.role) {
      case 'PATIENT':
        return (await this.people.patientIdOfAccount(account.id)) === patientId;
      case 'PRACTITIONER':
      case 'SECRETARY':
        return this.people.isPatientOfPractices(patientId, await this.people.activePracticeIds(account.id));
      case 'REGULATOR':
        return this.people.isBookedByRegulator(patientId, account.id);
      default:
        return false;
    }
  }

  /**
   * Practice staff of this practitioner: an active member (practitioner or
   * secretary) of the practitioner's practice — "qui peut le plus peut le
   * moins", both may manage the agenda.
   */
  async canManagePractitioner(account: Account, practitionerId: string): Promise<boolean> {
    if (account.role !== 'PRACTITIONER' && account.role !== 'SECRETARY') {
      return false;
    }
    return this.people.isActiveMemberOfPractitionerPractice(account.id, practitionerId);
  }

  /** An active member (practitioner or secretary) of this practice. */
  async isPracticeStaff(account: Account, practiceId: string): Promise<boolean> {
    if (account.role !== 'PRACTITIONER' && account.role !== 'SECRETARY') {
      return false;
    }
    return (await this.people.activePracticeIds(account.id)).includes(practiceId);
  }

  /**
   * A record that belongs both to a patient and to a practice (a message
   * thread): the patient themself, or the practice's own staff when the
   * practice treats the patient — a practitioner of another practice who
   * also treats the patient does not see this practice's threads.
   */
  async canAccessPracticeRecord(account: Account, record: { patientId: string; practiceId: string }): Promise<boolean> {
    if (!PRACTICE_RECORD_ROLES.has(account.role)) {
      return false;
    }
    // One statement: it runs on every thread opened.
    return this.practiceRecordAccess(account, await this.people.practiceRecordStanding(account.id, record));
  }

  /**
   * The same decision from a standing read together with the record
   * (practiceRecordStandingColumns in the record's own statement — a thread
   * on every message sent).
   */
  practiceRecordAccess(account: Account, standing: PracticeRecordStanding): boolean {
    if (!PRACTICE_RECORD_ROLES.has(account.role)) {
      return false;
    }
    if (account.role === 'PATIENT') {
      return standing.isThePatient;
    }
    return standing.memberOfPractice && standing.patientOfMyPractices;
  }

  async requirePractitionerStaff(account: Account, actor: Actor, practitionerId: string, action: string): Promise<void> {
    if (await this.canManagePractitioner(account, practitionerId)) {
      return;
    }
    await this.audit.record({ actor, action, result: 'DENIED', resourceType: 'Practitioner', resourceId: practitionerId });
    if ((await this.people.practiceOfPractitioner(practitionerId)) === null) {
      throw new NotFound('Praticien introuvable.');
    }
    throw new Forbidden("Vous n'avez pas accès à l'agenda de ce praticien.");
  }

  async requirePatientAccess(account: Account, actor: Actor, patientId: string, action: string): Promise<void> {
    if (!(await this.canAccessPatient(account, patientId))) {
      await this.audit.record({ actor, action, result: 'DENIED', resourceType: 'Patient', resourceId: patientId, patientId });
      throw new Forbidden("Vous n'avez pas accès au dossier de ce patient.");
    }
  }
}
