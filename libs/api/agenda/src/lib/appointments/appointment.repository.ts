import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditEntry, auditRowSql } from '@passerelle/api/audit';
import { PRISMA, Prisma, PrismaClient, SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { AppointmentStatus, AppointmentView, BookingChannel, ConsultationType } from '@passerelle/shared/contracts';

export interface NewAppointment {
  practitionerId: string;
  placeId: string;
  /** Empty when a BookingTransactionWork provides the patient inside the transaction. */
  patientId: string;
  motifId: string | null;
  motifLabel: string;
  consultationType: ConsultationType;
  startsAt: Date;
  endsAt: Date;
  channel: BookingChannel;
  bookedById: string | null;
  patientMobile: string | null;
}

export interface AppointmentRecord extends AppointmentView {
  bookedById: string | null;
}

/**
 * Work that must commit or roll back together with a booking (the SAS
 * funnel: the patient identity it records before the INSERT, its booking
 * record and attachments after it). Runs inside the booking's transaction.
 */
export interface BookingTransactionWork {
  /** First step of the transaction; returns the patient to book for. */
  patient(tx: Prisma.TransactionClient): Promise<string>;
  /** After the appointment's INSERT, same transaction. */
  after(tx: Prisma.TransactionClient, appointmentId: string): Promise<void>;
}

/** The database refused an overlapping live appointment (exclusion 23P01, or 40P01/23505 under contention). */
export class SlotConflict extends Error {}

const include = {
  patient: { select: { birthName: true, usedName: true, firstNames: true, usedFirstName: true } },
} satisfies Prisma.AppointmentInclude;
type Row = Prisma.AppointmentGetPayload<{ include: typeof include }>;
/** The columns an AppointmentView is made of. */
type ViewRow = Pick<
  Row,
  'id' | 'practitionerId' | 'placeId' | 'patientId' | 'motifLabel' | 'consultationType' | 'startsAt' | 'endsAt' | 'status' | 'channel' | 'paymentStatus' | 'bookedById' | 'statusChangedById' | 'patient'
>;

export const patientDisplayName = (p: { birthName: string; usedName: string | null; firstNames: string; usedFirstName: string | null }) =>
  `${p.usedFirstName ?? p.firstNames.split(' ')[0]} ${p.usedName ?? p.birthName}`;

const toView = (row: ViewRow, names: Map<string, string>): AppointmentRecord => ({
  id: row.id,
  practitionerId: row.practitionerId,
  placeId: row.placeId,
  patientId: row.patientId,
  patientName: patientDisplayName(row.patient),
  motifLabel: row.motifLabel,
  consultationType: row.consultationType,
  start: row.startsAt.toISOString(),
  end: row.endsAt.toISOString(),
  status: row.status,
  channel: row.channel,
  paymentStatus: row.paymentStatus,
  bookedById: row.bookedById,
  bookedBy: row.bookedById ? (names.get(row.bookedById) ?? null) : null,
  statusChangedBy: row.statusChangedById ? (names.get(row.statusChangedById) ?? null) : null,
});

/**
 * What PostgreSQL raises when two bookings race for one slot — exclusion
 * violation 23P01, or under contention a deadlock 40P01 (which Prisma
 * reports as P2034) or a unique violation 23505 — all mean "slot taken".
 */
const CONFLICT_STATES = ['23P01', '40P01', '23505', 'P2034'];

export function isSlotConflict(error: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const o = e as Record<string, unknown>;
    const text = `${String(o['code'] ?? '')} ${String(o['originalCode'] ?? '')} ${String(o['message'] ?? '')}`;
    if (CONFLICT_STATES.some((s) => text.includes(s)) || text.includes('Appointment_no_overlap')) return true;
    return walk(o['cause']) || walk(o['meta']) || walk(o['driverAdapterError']);
  };
  return walk(error);
}

/**
 * The row is formed only once the practitioner's booking lock is held (a
 * transaction-scoped advisory lock, released at commit): bookings of one
 * practitioner queue there instead of racing into the exclusion constraint,
 * where two concurrent overlapping inserts wait on each other until the
 * deadlock detector (1 s) aborts one. The constraint still decides: the
 * second of two bookings of a slot sees the first, committed, and fails with
 * 23P01 at once.
 */
const INSERTED_CTE = `inserted AS (
  INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifId", "motifLabel", "consultationType", "startsAt", "endsAt", status, channel, "bookedById", "patientMobile", "createdAt", "updatedAt")
  SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6, $7::"ConsultationType", $8::timestamptz, $9::timestamptz, 'BOOKED', $10::"BookingChannel", $11::uuid, $12, now(), now()
    FROM (SELECT pg_advisory_xact_lock(hashtextextended('Appointment.booking:' || $2::text, 0))) AS booking_lock
  RETURNING id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", status, channel, "paymentStatus", "bookedById", "statusChangedById"
)`;
const INSERTED_VIEW = `
SELECT i.id::text AS id, i."practitionerId"::text AS "practitionerId", i."placeId"::text AS "placeId", i."patientId"::text AS "patientId", i."motifLabel",
       i."consultationType"::text AS "consultationType", i."startsAt", i."endsAt", i.status::text AS status, i.channel::text AS channel,
       i."paymentStatus"::text AS "paymentStatus", i."bookedById"::text AS "bookedById", i."statusChangedById"::text AS "statusChangedById",
       p."birthName", p."usedName", p."firstNames", p."usedFirstName", b."displayName" AS "bookedByName"
  FROM inserted i JOIN "Patient" p ON p.id = i."patientId" LEFT JOIN "Account" b ON b.id = i."bookedById"`;

/** Racing bookings queue on the exclusion constraint and the pool: wait longer than Prisma's 2 s / 5 s defaults. */
const TRANSACTION_LIMITS = { maxWait: 15_000, timeout: 20_000 };

@Injectable()
export class AppointmentRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SQL_DRIVER) private readonly sql: SqlDriver,
  ) {}

  /**
   * One statement: the INSERT — the exclusion constraint decides between
   * racing bookings — its audit row, written only if the insert succeeds
   * (it reads the inserted row, so it runs after it), and the names of the
   * patient and the booker for the answer. (Without `audit`: demo data.)
   */
  async insert(a: NewAppointment, audit?: (appointmentId: string) => AuditEntry): Promise<AppointmentRecord> {
    const id = randomUUID();
    const params = [
      id, a.practitionerId, a.placeId, a.patientId, a.motifId, a.motifLabel, a.consultationType,
      a.startsAt.toISOString(), a.endsAt.toISOString(), a.channel, a.bookedById, a.patientMobile,
    ];
    const auditRow = audit ? auditRowSql(audit(id), params.length + 1) : null;
    let rows: (Omit<ViewRow, 'patient'> & ViewRow['patient'] & { bookedByName: string | null })[];
    try {
      rows = auditRow
        ? await this.sql.query(
            `WITH ${INSERTED_CTE}, audited AS (INSERT INTO "AuditEvent" (${auditRow.columns}) SELECT ${auditRow.values} FROM inserted) ${INSERTED_VIEW}`,
            [...params, ...auditRow.params],
            { prepared: true },
          )
        : await this.sql.query(`WITH ${INSERTED_CTE} ${INSERTED_VIEW}`, params, { prepared: true });
    } catch (error) {
      if (isSlotConflict(error)) throw new SlotConflict();
      throw error;
    }
    const { birthName, usedName, firstNames, usedFirstName, bookedByName, ...row } = rows[0];
    const names = new Map(row.bookedById && bookedByName !== null ? [[row.bookedById, bookedByName]] : []);
    return toView({ ...row, patient: { birthName, usedName, firstNames, usedFirstName } }, names);
  }

  /**
   * The INSERT and `work` in one transaction (the SAS booking); the
   * exclusion constraint still decides between racing bookings.
   */
  async insertInTransaction(a: NewAppointment, work: BookingTransactionWork): Promise<AppointmentRecord> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const patientId = await work.patient(tx);
        const created = await tx.appointment.create({ data: { ...a, patientId }, include });
        await work.after(tx, created.id);
        return created;
      }, TRANSACTION_LIMITS);
      return this.view(row);
    } catch (error) {
      if (isSlotConflict(error)) throw new SlotConflict();
      throw error;
    }
  }

  async find(id: string): Promise<AppointmentRecord | null> {
    const row = await this.prisma.appointment.findUnique({ where: { id }, include });
    return row ? this.view(row) : null;
  }

  async move(id: string, startsAt: Date, endsAt: Date, byId: string): Promise<AppointmentRecord> {
    try {
      const row = await this.prisma.appointment.update({ where: { id }, data: { startsAt, endsAt, statusChangedAt: new Date(), statusChangedById: byId }, include });
      return this.view(row);
    } catch (error) {
      if (isSlotConflict(error)) throw new SlotConflict();
      throw error;
    }
  }

  /** Changes the status only from `from` (so two concurrent changes cannot both win). */
  async changeStatus(id: string, from: AppointmentStatus, to: AppointmentStatus, byId: string, reason?: string): Promise<AppointmentRecord | null> {
    const now = new Date();
    const { count } = await this.prisma.appointment.updateMany({
      where: { id, status: from },
      data: {
        status: to,
        statusChangedAt: now,
        statusChangedById: byId,
        ...(to === 'CANCELLED' ? { cancelledAt: now, cancelledById: byId, cancelReason: reason ?? null } : {}),
      },
    });
    return count === 1 ? this.find(id) : null;
  }

  async setPayment(id: string, status: 'PAID' | 'UNPAID', byId: string): Promise<AppointmentRecord> {
    const row = await this.prisma.appointment.update({ where: { id }, data: { paymentStatus: status, statusChangedAt: new Date(), statusChangedById: byId }, include });
    return this.view(row);
  }

  async ofPractitioner(practitionerId: string, from: Date, to: Date): Promise<AppointmentRecord[]> {
    const rows = await this.prisma.appointment.findMany({
      where: { practitionerId, startsAt: { lt: to }, endsAt: { gt: from } },
      include,
      orderBy: { startsAt: 'asc' },
    });
    return this.views(rows);
  }

  async ofPatient(patientId: string, practitionerIds?: string[]): Promise<AppointmentRecord[]> {
    const rows = await this.prisma.appointment.findMany({
      where: { patientId, ...(practitionerIds ? { practitionerId: { in: practitionerIds } } : {}) },
      include,
      orderBy: { startsAt: 'desc' },
      take: 500,
    });
    return this.views(rows);
  }

  /** Booked, future appointments (for conflicts after an hours change). */
  async upcomingBooked(practitionerId: string, now: Date): Promise<AppointmentRecord[]> {
    const rows = await this.prisma.appointment.findMany({ where: { practitionerId, status: 'BOOKED', startsAt: { gte: now } }, include, orderBy: { startsAt: 'asc' } });
    return this.views(rows);
  }

  /** Video consultations: unpaid past ones first, then the rest, newest first. */
  async teleconsultations(practitionerId: string, now: Date): Promise<AppointmentRecord[]> {
    const rows = await this.prisma.appointment.findMany({
      where: { practitionerId, consultationType: 'VIDEO', status: { not: 'CANCELLED' } },
      include,
      orderBy: { startsAt: 'desc' },
      take: 500,
    });
    const views = await this.views(rows);
    const unpaidPast = (a: AppointmentRecord) => a.paymentStatus !== 'PAID' && new Date(a.start) < now;
    return [...views.filter(unpaidPast), ...views.filter((a) => !unpaidPast(a))];
  }

  private async view(row: Row): Promise<AppointmentRecord> {
    return (await this.views([row]))[0];
  }

  /** Names of who booked and who last changed, for "every action records who did it". */
  private async views(rows: Row[]): Promise<AppointmentRecord[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.bookedById, r.statusChangedById]).filter((id): id is string => !!id))];
    const accounts = ids.length ? await this.prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return rows.map((r) => toView(r, names));
  }
}
