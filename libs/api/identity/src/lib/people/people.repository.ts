import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { PatientIdentityView, PracticePatientView } from '@passerelle/shared/contracts';

export interface NewPractice {
  name: string;
  finess?: string;
  siret?: string;
  addressLine: string;
  postcode: string;
  commune: string;
  communeInsee?: string;
  departement: string;
  phone?: string;
}

export interface NewPractitioner {
  accountId: string;
  practiceId: string;
  rpps: string;
  civility?: string;
  firstName: string;
  lastName: string;
  profession: string;
  specialtyCode: string;
  specialtyLabel: string;
  phone?: string;
  acceptsNewPatients?: boolean;
  sasParticipation?: boolean;
  messagingEnabled?: boolean;
}

export interface NewPatient {
  accountId?: string;
  birthName: string;
  usedName?: string;
  firstNames: string;
  usedFirstName?: string;
  birthDate: string;
  sex: 'F' | 'M' | 'U';
  birthPlaceInsee?: string;
  birthCountryInsee?: string;
  phone?: string;
  email?: string;
  identityStatus?: PatientIdentityView['identityStatus'];
}

const toIdentity = (row: Prisma.PatientGetPayload<object>): PatientIdentityView => ({
  id: row.id,
  birthName: row.birthName,
  usedName: row.usedName,
  firstNames: row.firstNames,
  usedFirstName: row.usedFirstName,
  birthDate: row.birthDate.toISOString().slice(0, 10),
  sex: row.sex,
  birthPlaceInsee: row.birthPlaceInsee,
  birthCountryInsee: row.birthCountryInsee,
  phone: row.phone,
  email: row.email,
  identityStatus: row.identityStatus,
});

/** Practices, practitioners, patients and who treats whom. */
/** Where an account stands with a record that belongs to a patient and a practice (a message thread). */
export type PracticeRecordStanding = {
  /** The account is that patient's. */
  isThePatient: boolean;
  /** The account is an active member (practitioner or secretary) of that practice. */
  memberOfPractice: boolean;
  /** A practitioner of a practice the account is an active member of treats the patient (isPatientOfPractices over activePracticeIds). */
  patientOfMyPractices: boolean;
};

/**
 * PracticeRecordStanding as three SQL columns, over SQL expressions for the
 * account, the patient and the practice (parameters, or columns of the
 * record's own query): a repository reads them in the statement that reads
 * the record, and AccessPolicy.practiceRecordAccess decides from them — one
 * statement fewer on every message sent, same rule.
 */
export function practiceRecordStandingColumns(account: string, patient: string, practice: string): string {
  // Aliases of their own (standing_*): the expressions may name columns of the outer query.
  return `EXISTS (SELECT 1 FROM "Patient" standing_p WHERE standing_p.id = ${patient} AND standing_p."accountId" = ${account}) AS "isThePatient",
          EXISTS (SELECT 1 FROM "PracticeMembership" standing_m WHERE standing_m."accountId" = ${account} AND standing_m."practiceId" = ${practice} AND standing_m."endedAt" IS NULL) AS "memberOfPractice",
          EXISTS (SELECT 1 FROM "CareRelationship" standing_c JOIN "Practitioner" standing_t ON standing_t.id = standing_c."practitionerId"
                    JOIN "PracticeMembership" standing_mm ON standing_mm."practiceId" = standing_t."practiceId" AND standing_mm."accountId" = ${account} AND standing_mm."endedAt" IS NULL
                   WHERE standing_c."patientId" = ${patient}) AS "patientOfMyPractices"`;
}

@Injectable()
export class PeopleRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  async createPractice(practice: NewPractice): Promise<string> {
    return (await this.prisma.practice.create({ data: practice })).id;
  }

  async addMember(practiceId: string, accountId: string, role: 'PRACTITIONER' | 'SECRETARY', addedById?: string): Promise<void> {
    await this.prisma.practiceMembership.create({ data: { practiceId, accountId, role, addedById } });
  }

  /** The practitioner's practice address is the practice's unless given. */
  async createPractitioner(p: NewPractitioner): Promise<string> {
    const practice = await this.prisma.practice.findUniqueOrThrow({ where: { id: p.practiceId } });
    const row = await this.prisma.practitioner.create({
      data: {
        ...p,
        addressLine: practice.addressLine,
        postcode: practice.postcode,
        commune: practice.commune,
        communeInsee: practice.communeInsee,
        departement: practice.departement,
      },
    });
    return row.id;
  }

  async createPatient(p: NewPatient): Promise<string> {
    return (await this.prisma.patient.create({ data: { ...p, birthDate: new Date(`${p.birthDate}T00:00:00Z`) } })).id;
  }

  /**
   * A patient's own identity: created on first save; afterwards every field is
   * rewritten, or only `editable` ones when the identity was verified by a practice.
   */
  async saveOwnPatient(accountId: string, p: Omit<NewPatient, 'accountId' | 'identityStatus'>, editable: 'all' | 'contact'): Promise<PatientIdentityView> {
    const data = { ...p, birthDate: new Date(`${p.birthDate}T00:00:00Z`) };
    const contact = { usedName: p.usedName ?? null, usedFirstName: p.usedFirstName ?? null, phone: p.phone ?? null };
    const row = await this.prisma.patient.upsert({
      where: { accountId },
      create: { ...data, accountId, identityStatus: 'PROVISIONAL' },
      update:
        editable === 'all'
          ? { ...data, usedName: p.usedName ?? null, usedFirstName: p.usedFirstName ?? null, phone: p.phone ?? null, birthPlaceInsee: p.birthPlaceInsee ?? null, birthCountryInsee: p.birthCountryInsee ?? null }
          : contact,
    });
    return toIdentity(row);
  }

  async declareCareRelationship(patientId: string, practitionerId: string, declaredById: string | null): Promise<void> {
    await this.prisma.careRelationship.upsert({
      where: { patientId_practitionerId: { patientId, practitionerId } },
      create: { patientId, practitionerId, source: 'DECLARATION', declaredById },
      update: {},
    });
  }

  async patientIdOfAccount(accountId: string): Promise<string | null> {
    return (await this.prisma.patient.findUnique({ where: { accountId }, select: { id: true } }))?.id ?? null;
  }

  async patientIdentity(patientId: string): Promise<PatientIdentityView | null> {
    const row = await this.prisma.patient.findUnique({ where: { id: patientId } });
    return row ? toIdentity(row) : null;
  }

  /** Practices where the account is an active member (practitioner or secretary). */
  async activePracticeIds(accountId: string): Promise<string[]> {
    const rows = await this.prisma.practiceMembership.findMany({ where: { accountId, endedAt: null }, select: { practiceId: true } });
    return rows.map((r) => r.practiceId);
  }

  /** True when a practitioner of one of these practices treats the patient. */
  async isPatientOfPractices(patientId: string, practiceIds: string[]): Promise<boolean> {
    if (practiceIds.length === 0) {
      return false;
    }
    const found = await this.prisma.careRelationship.findFirst({
      where: { patientId, practitioner: { practiceId: { in: practiceIds } } },
      select: { id: true },
    });
    return found !== null;
  }

  /**
   * What decides who may open a record belonging to a patient and a practice
   * (a message thread), in one statement: see practiceRecordStandingColumns.
   * AccessPolicy.canAccessPracticeRecord decides from it.
   */
  async practiceRecordStanding(accountId: string, record: { patientId: string; practiceId: string }): Promise<PracticeRecordStanding> {
    const [row] = await this.sql.query<PracticeRecordStanding>(
      `SELECT ${practiceRecordStandingColumns('$1::uuid', '$2::uuid', '$3::uuid')}`,
      [accountId, record.patientId, record.practiceId],
      { prepared: true },
    );
    return row;
  }

  /** Whether the account is an active member (practitioner or secretary) of the practitioner's practice: one statement. */
  async isActiveMemberOfPractitionerPractice(accountId: string, practitionerId: string): Promise<boolean> {
    const [row] = await this.sql.query<{ member: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "Practitioner" p JOIN "PracticeMembership" m ON m."practiceId" = p."practiceId"
                       WHERE p.id = $2::uuid AND m."accountId" = $1::uuid AND m."endedAt" IS NULL) AS member`,
      [accountId, practitionerId],
      { prepared: true },
    );
    return row.member;
  }

  /**
   * Where a patient stands with a practitioner, in one statement: whether the
   * patient exists, is treated by a practitioner of that practitioner's
   * practice (isPatientOfPractices), and by the practitioner themself
   * (hasCareRelationship).
   */
  async patientStanding(patientId: string, practitionerId: string): Promise<{ known: boolean; ofPractice: boolean; treatedByPractitioner: boolean }> {
    const [row] = await this.sql.query<{ known: boolean; ofPractice: boolean; treatedByPractitioner: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "Patient" WHERE id = $1::uuid) AS known,
              EXISTS (SELECT 1 FROM "CareRelationship" c JOIN "Practitioner" t ON t.id = c."practitionerId"
                       WHERE c."patientId" = $1::uuid AND t."practiceId" = (SELECT "practiceId" FROM "Practitioner" WHERE id = $2::uuid)) AS "ofPractice",
              EXISTS (SELECT 1 FROM "CareRelationship" WHERE "patientId" = $1::uuid AND "practitionerId" = $2::uuid) AS "treatedByPractitioner"`,
      [patientId, practitionerId],
      { prepared: true },
    );
    return row;
  }

  async practiceOfPractitioner(practitionerId: string): Promise<string | null> {
    return (await this.prisma.practitioner.findUnique({ where: { id: practitionerId }, select: { practiceId: true } }))?.practiceId ?? null;
  }

  async practitionerIdOfAccount(accountId: string): Promise<string | null> {
    return (await this.prisma.practitioner.findUnique({ where: { accountId }, select: { id: true } }))?.id ?? null;
  }

  /** A SAS regulator's patients: those of the appointments they booked for them. */
  async isBookedByRegulator(patientId: string, regulatorAccountId: string): Promise<boolean> {
    return (await this.prisma.appointment.count({ where: { patientId, channel: 'REGULATOR', bookedById: regulatorAccountId } })) > 0;
  }

  async hasCareRelationship(patientId: string, practitionerId: string): Promise<boolean> {
    return (await this.prisma.careRelationship.count({ where: { patientId, practitionerId } })) > 0;
  }

  /** A done appointment makes the patient "already a patient" (opens messaging). */
  async recordCareFromAppointment(patientId: string, practitionerId: string, appointmentId: string): Promise<void> {
    await this.prisma.careRelationship.upsert({
      where: { patientId_practitionerId: { patientId, practitionerId } },
      create: { patientId, practitionerId, source: 'APPOINTMENT', appointmentId },
      update: {},
    });
  }

  async patientsOfPractices(practiceIds: string[]): Promise<PracticePatientView[]> {
    const rows = await this.prisma.careRelationship.findMany({
      where: { practitioner: { practiceId: { in: practiceIds } } },
      include: { patient: true },
      orderBy: [{ patient: { birthName: 'asc' } }, { patient: { firstNames: 'asc' } }],
    });
    return rows.map((r) => ({ patient: toIdentity(r.patient), practitionerId: r.practitionerId, since: r.since.toISOString(), source: r.source }));
  }
}
