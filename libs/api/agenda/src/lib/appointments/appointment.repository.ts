import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, Prisma, PrismaClient } from '@passerelle/api/database';
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

export const patientDisplayName = (p: { birthName: string; usedName: string | null; firstNames: string; usedFirstName: string | null }) =>
  `${p.usedFirstName ?? p.firstNames.split(' ')[0]} ${p.usedName ?? p.birthName}`;

const toView = (row: Row, names: Map<string, string>): AppointmentRecord => ({
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

/** Racing bookings queue on the exclusion constraint and the pool: wait longer than Prisma's 2 s / 5 s defaults. */
const TRANSACTION_LIMITS = { maxWait: 15_000, timeout: 20_000 };

@Injectable()
export class AppointmentRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * One INSERT; the exclusion constraint decides between racing bookings.
   * With `work`, the INSERT and that work form one transaction.
   */
  async insert(a: NewAppointment, work?: BookingTransactionWork): Promise<AppointmentRecord> {
    try {
      const row = work
        ? await this.prisma.$transaction(async (tx) => {
            const patientId = await work.patient(tx);
            const created = await tx.appointment.create({ data: { ...a, patientId }, include });
            await work.after(tx, created.id);
            return created;
          }, TRANSACTION_LIMITS)
        : await this.prisma.appointment.create({ data: a, include });
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
