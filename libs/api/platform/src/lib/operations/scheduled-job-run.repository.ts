import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, PrismaClient } from '@passerelle/api/database';

export interface StartedRun {
  attempts: number;
  checkpoint: string | null;
}

/** ScheduledJobRun rows: one per job and period (see prisma/schema.prisma). */
@Injectable()
export class ScheduledJobRunRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Records that `instanceId` starts (or resumes) the job's run for `slot`;
   * null when that run is already DONE. One statement, so two callers can
   * never both see "not done" and both create it.
   */
  async start(job: string, slot: Date, instanceId: string): Promise<StartedRun | null> {
    const rows = await this.prisma.$queryRaw<StartedRun[]>`
      INSERT INTO "ScheduledJobRun" (job, slot, "instanceId") VALUES (${job}, ${slot}, ${instanceId})
      ON CONFLICT (job, slot) DO UPDATE
         SET attempts = "ScheduledJobRun".attempts + 1, "instanceId" = EXCLUDED."instanceId", "startedAt" = now(), "lastError" = NULL
       WHERE "ScheduledJobRun".status <> 'DONE'
      RETURNING attempts, checkpoint`;
    return rows[0] ?? null;
  }

  async saveCheckpoint(job: string, slot: Date, checkpoint: string): Promise<void> {
    await this.prisma.scheduledJobRun.update({ where: { job_slot: { job, slot } }, data: { checkpoint } });
  }

  async finish(job: string, slot: Date): Promise<void> {
    await this.prisma.scheduledJobRun.update({ where: { job_slot: { job, slot } }, data: { status: 'DONE', finishedAt: new Date() } });
  }

  async fail(job: string, slot: Date, error: string): Promise<void> {
    await this.prisma.scheduledJobRun.update({ where: { job_slot: { job, slot } }, data: { lastError: error.slice(0, 300) } });
  }
}
