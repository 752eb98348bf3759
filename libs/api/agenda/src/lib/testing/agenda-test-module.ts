import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AccessPolicy } from '@passerelle/api/auth';
import { TestDatabase, testDatabaseModule } from '@passerelle/api/database/testing';
import { Account, AccountRepository, PeopleRepository } from '@passerelle/api/identity';
import { Actor } from '@passerelle/api/audit';
import { Role } from '@passerelle/shared/contracts';
import { AuditModule } from '@passerelle/api/audit';
import { AgendaRepository } from '../agenda/agenda.repository';
import { AgendaSettings } from '../agenda/agenda-settings.service';
import { AgendaViews } from '../agenda/agenda-views.service';
import { SlotFinder } from '../agenda/slot-finder';
import { AppointmentBooking } from '../appointments/appointment-booking.service';
import { AppointmentLifecycle } from '../appointments/appointment-lifecycle.service';
import { AppointmentRepository } from '../appointments/appointment.repository';
import { PracticeRepository } from '../practice/practice.repository';
import { PracticeTeam } from '../practice/practice-team.service';

/** The agenda's services on a real, migrated database (integration tests only). */
export async function agendaTestModule(db: TestDatabase) {
  const moduleRef = await Test.createTestingModule({
    imports: [testDatabaseModule(db), AuditModule],
    providers: [
      AccountRepository, PeopleRepository, AccessPolicy,
      AgendaRepository, AppointmentRepository, PracticeRepository, SlotFinder, AgendaSettings, AgendaViews, AppointmentBooking, AppointmentLifecycle, PracticeTeam,
    ],
  }).compile();
  const accounts = moduleRef.get(AccountRepository);
  const people = moduleRef.get(PeopleRepository);

  const account = (role: Role, name: string): Promise<Account> =>
    accounts.create({ email: `${name}-${randomUUID().slice(0, 8)}@exemple.fr`, role, displayName: name, passwordHash: null });
  const actorOf = (a: Account): Actor => ({ accountId: a.id, role: a.role, ip: '127.0.0.1', requestId: null });

  /** A practice with one practitioner (and their account) in a département. */
  async function practice(departement = '69') {
    const practiceId = await people.createPractice({ name: 'Cabinet test', addressLine: '1 rue du Test', postcode: `${departement}000`.slice(0, 5), commune: 'Testville', departement });
    const doctor = await account('PRACTITIONER', 'Dr Test');
    await people.addMember(practiceId, doctor.id, 'PRACTITIONER');
    const practitionerId = await people.createPractitioner({
      accountId: doctor.id, practiceId, rpps: String(10_000_000_000 + Math.floor(Math.random() * 9_000_000_000)), firstName: 'Test', lastName: 'Docteur',
      profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', acceptsNewPatients: true,
    });
    return { practiceId, practitionerId, doctor };
  }

  async function patient(withAccount = true) {
    const acc = withAccount ? await account('PATIENT', 'patient') : null;
    const patientId = await people.createPatient({ accountId: acc?.id, birthName: 'PATIENT', firstNames: 'Test', birthDate: '1970-01-01', sex: 'F' });
    return { patientId, account: acc };
  }

  return { moduleRef, account, actorOf, practice, patient, people, get: moduleRef.get.bind(moduleRef) };
}
