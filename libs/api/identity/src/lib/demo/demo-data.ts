import { Injectable, Logger } from '@nestjs/common';
import { Role } from '@passerelle/shared/contracts';
import { AccountRepository } from '../accounts/account.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { NewPatient, PeopleRepository } from '../people/people.repository';
import { SecretBox } from '../secrets/secret-box';

/** Documented in the README. Demo only: never use these outside a demo database. */
export const DEMO_PASSWORD = 'Passerelle-Demo-2026!';
export const DEMO_TOTP_SECRET = 'PASSERELLEDEMOTOTPSECRET234567AB';

export const DEMO_ACCOUNTS = {
  practitioner: 'claire.martin@passerelle.demo',
  cardiologist: 'karim.benali@passerelle.demo',
  secretary: 'sophie.lefevre@passerelle.demo',
  regulator: 'julien.moreau@regulation.passerelle.demo',
  admin: 'admin@passerelle.demo',
  patient: 'marie.durand@exemple.fr',
} as const;

const PATIENTS: (NewPatient & { account?: boolean; treatedBy: ('martin' | 'benali')[] })[] = [
  { birthName: 'DURAND', firstNames: 'Marie Louise', usedFirstName: 'Marie', birthDate: '1952-11-21', sex: 'F', birthPlaceInsee: '69123', phone: '+33645372653', email: 'marie.durand@exemple.fr', identityStatus: 'QUALIFIED', account: true, treatedBy: ['martin', 'benali'] },
  { birthName: 'LEROY', usedName: 'BERNARD', firstNames: 'Jeanne', birthDate: '1948-03-02', sex: 'F', birthPlaceInsee: '69381', phone: '+33611223344', email: 'jeanne.bernard@exemple.fr', identityStatus: 'VALIDATED', account: true, treatedBy: ['martin'] },
  { birthName: 'PETIT', firstNames: 'Louis André', birthDate: '1961-07-14', sex: 'M', birthPlaceInsee: '42218', phone: '+33622334455', identityStatus: 'VALIDATED', treatedBy: ['martin'] },
  { birthName: 'NGUYEN', firstNames: 'Thi Lan', birthDate: '1975-01-30', sex: 'F', birthCountryInsee: '99243', phone: '+33633445566', identityStatus: 'RETRIEVED', treatedBy: ['martin'] },
  { birthName: 'MOREL', firstNames: 'Hugo', birthDate: '1990-09-09', sex: 'M', birthPlaceInsee: '75056', phone: '+33644556677', email: 'hugo.morel@exemple.fr', identityStatus: 'PROVISIONAL', account: true, treatedBy: ['martin'] },
  { birthName: 'FOURNIER', firstNames: 'Chantal', birthDate: '1944-12-24', sex: 'F', birthPlaceInsee: '69264', phone: '+33655667788', identityStatus: 'QUALIFIED', treatedBy: ['martin', 'benali'] },
  { birthName: 'GIRARD', firstNames: 'Paul', birthDate: '1958-05-05', sex: 'M', birthPlaceInsee: '01053', phone: '+33666778899', identityStatus: 'VALIDATED', treatedBy: ['benali'] },
  { birthName: 'BONNET', firstNames: 'Sylvie', birthDate: '1966-02-17', sex: 'F', birthPlaceInsee: '38185', phone: '+33677889900', identityStatus: 'VALIDATED', treatedBy: ['benali'] },
  { birthName: 'LAMBERT', firstNames: 'Yves', birthDate: '1939-08-01', sex: 'M', birthPlaceInsee: '71270', phone: '+33688990011', identityStatus: 'QUALIFIED', treatedBy: ['benali'] },
  { birthName: 'BENSAÏD', firstNames: 'Nadia', birthDate: '1983-04-11', sex: 'F', birthCountryInsee: '99350', phone: '+33699001122', identityStatus: 'PROVISIONAL', treatedBy: ['martin'] },
  { birthName: 'FAURE', firstNames: 'Élodie', birthDate: '1995-10-03', sex: 'F', birthPlaceInsee: '69123', phone: '+33610203040', email: 'elodie.faure@exemple.fr', identityStatus: 'VALIDATED', account: true, treatedBy: ['martin'] },
  // Not (yet) treated at the practice: practice staff must be refused her record.
  { birthName: 'ROUX', firstNames: 'Lina', birthDate: '2001-06-18', sex: 'F', birthPlaceInsee: '13055', phone: '+33620304050', email: 'lina.roux@exemple.fr', identityStatus: 'PROVISIONAL', account: true, treatedBy: [] },
];

/**
 * Demo data for `npm start` on an empty database and `npm run db:seed`: one
 * practice with two practitioners and a secretary, twelve patients (eleven
 * treated there), a regulator and an administrator.
 */
@Injectable()
export class DemoDataSeeder {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly accounts: AccountRepository,
    private readonly people: PeopleRepository,
    private readonly hasher: PasswordHasher,
    private readonly secrets: SecretBox,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    if ((await this.accounts.count()) > 0) {
      return false;
    }
    await this.seed();
    return true;
  }

  async seed(): Promise<void> {
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const pro = (email: string, role: Role, displayName: string) =>
      this.accounts.create({ email, role, displayName, passwordHash, totpSecretSealed: this.secrets.seal(DEMO_TOTP_SECRET) });

    const practiceId = await this.people.createPractice({
      name: 'Cabinet médical des Tilleuls',
      siret: '312345678900012',
      addressLine: '12 rue des Tilleuls',
      postcode: '69003',
      commune: 'Lyon',
      communeInsee: '69383',
      departement: '69',
      phone: '+33478000000',
    });
    const martin = await pro(DEMO_ACCOUNTS.practitioner, 'PRACTITIONER', 'Dr Claire Martin');
    const benali = await pro(DEMO_ACCOUNTS.cardiologist, 'PRACTITIONER', 'Dr Karim Benali');
    const secretary = await pro(DEMO_ACCOUNTS.secretary, 'SECRETARY', 'Sophie Lefèvre');
    await pro(DEMO_ACCOUNTS.regulator, 'REGULATOR', 'Julien Moreau');
    await pro(DEMO_ACCOUNTS.admin, 'ADMIN', 'Administration Passerelle');

    await this.people.addMember(practiceId, martin.id, 'PRACTITIONER');
    await this.people.addMember(practiceId, benali.id, 'PRACTITIONER');
    await this.people.addMember(practiceId, secretary.id, 'SECRETARY', martin.id);
    const practitioners = {
      martin: await this.people.createPractitioner({
        accountId: martin.id, practiceId, rpps: '10101234567', civility: 'Dr', firstName: 'Claire', lastName: 'Martin',
        profession: 'Médecin', specialtyCode: 'SM54', specialtyLabel: 'Médecine générale', phone: '+33478000001',
        acceptsNewPatients: true, sasParticipation: true, messagingEnabled: true,
      }),
      benali: await this.people.createPractitioner({
        accountId: benali.id, practiceId, rpps: '10101234568', civility: 'Dr', firstName: 'Karim', lastName: 'Benali',
        profession: 'Médecin', specialtyCode: 'SM04', specialtyLabel: 'Cardiologie et maladies vasculaires', phone: '+33478000002',
        acceptsNewPatients: false, sasParticipation: false, messagingEnabled: true,
      }),
    };

    for (const { account, treatedBy, ...identity } of PATIENTS) {
      const accountId = account
        ? (await this.accounts.create({
            email: identity.email ?? '',
            role: 'PATIENT',
            displayName: `${identity.usedFirstName ?? identity.firstNames.split(' ')[0]} ${identity.usedName ?? identity.birthName}`,
            passwordHash,
          })).id
        : undefined;
      const patientId = await this.people.createPatient({ ...identity, accountId });
      for (const who of treatedBy) {
        await this.people.declareCareRelationship(patientId, practitioners[who], who === 'martin' ? martin.id : benali.id);
      }
    }
    this.logger.log(`demo data created: 1 practice, 2 practitioners, 1 secretary, ${PATIENTS.length} patients, 1 regulator, 1 administrator`);
  }
}
