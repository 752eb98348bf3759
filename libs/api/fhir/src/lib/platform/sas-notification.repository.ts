import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';
import { SasAppointmentFacts } from './appointment-resource';

export interface ClaimedNotification {
  id: string;
  appointmentId: string;
  attempts: number;
}

/** The INT_R03 outbox (rows are written by the Appointment trigger, see the migration). */
@Injectable()
export class SasNotificationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Claims due notifications for `leaseMs`: one statement locks them with
   * FOR UPDATE SKIP LOCKED (concurrent workers, on any instance, take
   * others) and moves their next attempt past the lease, so a worker that
   * dies leaves them to be retried. Only the oldest pending notification of
   * an appointment is due: the platform sees its changes in order.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    return this.prisma.$queryRaw<ClaimedNotification[]>`
      UPDATE "SasAppointmentNotification" AS n
         SET "nextAttemptAt" = now() + ${leaseMs}::integer * interval '1 millisecond'
       WHERE n.id IN (
         SELECT c.id FROM "SasAppointmentNotification" c
          WHERE c.status = 'PENDING' AND c."nextAttemptAt" <= now()
            AND NOT EXISTS (
              SELECT 1 FROM "SasAppointmentNotification" o
               WHERE o."appointmentId" = c."appointmentId" AND o.status = 'PENDING'
                 AND (o."createdAt", o.id) < (c."createdAt", c.id))
          ORDER BY c."createdAt", c.id
          LIMIT ${limit}::integer
          FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n."appointmentId", n.attempts`;
  }

  /** The appointment as the platform must see it now, and whether it already knows it (then: conditional PUT). */
  async facts(appointmentId: string): Promise<{ facts: SasAppointmentFacts; alreadySent: boolean } | null> {
    const a = await this.prisma.appointment.findUnique({
      where: { id: appointmentId },
      select: { id: true, status: true, startsAt: true, endsAt: true, createdAt: true, bookedById: true, practitioner: { select: { rpps: true } } },
    });
    if (!a) return null;
    const [regulator, sent] = await Promise.all([
      a.bookedById
        ? this.prisma.regulator.findFirst({
            where: { accountId: a.bookedById, identifierSystem: { not: null }, identifierValue: { not: null } },
            orderBy: [{ active: 'desc' }, { updatedAt: 'desc' }],
            select: { identifierSystem: true, identifierValue: true },
          })
        : null,
      this.prisma.sasAppointmentNotification.count({ where: { appointmentId, status: 'SENT' } }),
    ]);
    return {
      facts: {
        id: a.id, status: a.status, startsAt: a.startsAt, endsAt: a.endsAt, createdAt: a.createdAt, practitionerRpps: a.practitioner.rpps,
        operator: regulator?.identifierSystem && regulator.identifierValue ? { system: regulator.identifierSystem, value: regulator.identifierValue } : null,
      },
      alreadySent: sent > 0,
    };
  }

  async pendingCount(): Promise<number> {
    return this.prisma.sasAppointmentNotification.count({ where: { status: 'PENDING' } });
  }

  async markSent(id: string): Promise<void> {
    await this.prisma.sasAppointmentNotification.update({ where: { id }, data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
  }

  async markFailed(id: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.prisma.sasAppointmentNotification.update({ where: { id }, data: { attempts, nextAttemptAt, lastError: error.slice(0, 300) } });
  }
}
