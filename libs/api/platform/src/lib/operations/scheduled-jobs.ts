import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { SQL_DRIVER, SqlDriver } from '@passerelle/api/database';
import { withAdvisoryLock } from './advisory-lock';
import { Metrics } from './metrics';
import { PollingWorker } from './polling-worker';
import { ScheduledJobRunRepository } from './scheduled-job-run.repository';

export interface JobContext {
  /** What the previous, interrupted execution of this period saved (null on a fresh start). */
  readonly checkpoint: string | null;
  /** 1 for the first execution of this period, 2 when resuming after an interrupted one, … */
  readonly attempt: number;
  /** Aborted when this instance shuts down: return early (the checkpoint lets another instance resume). */
  readonly signal: AbortSignal;
  saveCheckpoint(checkpoint: string): Promise<void>;
}

/** Work to run once per period across all instances; it must be safe to run again from its checkpoint. */
export interface ScheduledJob {
  name: string;
  periodMs: number;
  run(context: JobContext): Promise<void>;
}

export type JobOutcome = 'ran' | 'failed' | 'interrupted' | 'busy' | 'done';

/** Start of the period `now` falls in (UTC, aligned on the epoch): a daily job's period starts at 00:00 UTC. */
export const slotOf = (now: Date, periodMs: number): Date => new Date(Math.floor(now.getTime() / periodMs) * periodMs);

/**
 * Each instance checks every SCHEDULED_JOBS_TICK_MS whether a job's current
 * period has run. On PostgreSQL the run happens under the job's advisory
 * lock (withAdvisoryLock, 'try'):
 * the instance holding it runs the period, the others skip ("busy"); the
 * DONE mark is written before the lock is released, so no one runs the
 * period again. If the runner dies, PostgreSQL ends its connection and
 * releases the lock; the next instance to check finds the period RUNNING
 * and resumes it from its checkpoint. (Embedded PGlite is one process by
 * construction: no lock needed.)
 */
@Injectable()
export class ScheduledJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ScheduledJobs');
  private readonly jobs: ScheduledJob[] = [];
  private readonly stopping = new AbortController();
  private readonly worker: PollingWorker;

  constructor(
    private readonly runs: ScheduledJobRunRepository,
    @Inject(SQL_DRIVER) private readonly driver: SqlDriver,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.worker = new PollingWorker(config.cluster.scheduledJobsTickMs, () => this.runDue(), (error) =>
      this.logger.error(`scheduled jobs check failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  register(job: ScheduledJob): void {
    this.jobs.push(job);
  }

  onApplicationBootstrap(): void {
    if (this.config.cluster.scheduledJobs) this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.worker.stop();
  }

  /** Runs every registered job whose current period has not run yet (one after the other). */
  async runDue(now = new Date()): Promise<Record<string, JobOutcome>> {
    const outcomes: Record<string, JobOutcome> = {};
    for (const job of this.jobs) {
      if (this.stopping.signal.aborted) break;
      outcomes[job.name] = await this.runPeriod(job, slotOf(now, job.periodMs));
    }
    return outcomes;
  }

  async runPeriod(job: ScheduledJob, slot: Date): Promise<JobOutcome> {
    const run = await withAdvisoryLock(this.driver, `job:${job.name}`, 'try', () => this.execute(job, slot));
    const outcome = run.acquired ? run.result : 'busy';
    this.metrics.jobRun(job.name, outcome);
    return outcome;
  }

  private async execute(job: ScheduledJob, slot: Date): Promise<JobOutcome> {
    const started = await this.runs.start(job.name, slot, this.config.cluster.instanceId);
    if (!started) return 'done';
    if (started.attempts > 1) this.logger.log({ job: job.name, slot: slot.toISOString(), attempt: started.attempts }, 'resuming an unfinished run');
    const signal = this.stopping.signal;
    try {
      await job.run({ checkpoint: started.checkpoint, attempt: started.attempts, signal, saveCheckpoint: (checkpoint) => this.runs.saveCheckpoint(job.name, slot, checkpoint) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.fail(job.name, slot, message);
      this.logger.warn({ job: job.name, slot: slot.toISOString() }, `scheduled job failed: ${message}`);
      return 'failed';
    }
    if (signal.aborted) return 'interrupted';
    await this.runs.finish(job.name, slot);
    return 'ran';
  }
}
