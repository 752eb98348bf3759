import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, ScheduledJobs } from '@passerelle/api/platform';
import { AgendaRepository } from './agenda.repository';
import { AgendaSettings } from './agenda-settings.service';
import { SlotFinder } from './slot-finder';

const FIVE_MINUTES = 5 * 60_000;
const ONE_DAY = 24 * 60 * 60_000;
/** Practitioners per step of the daily job: one INSERT of their ~22–26 holidays each (6 values a row: under PostgreSQL's 32,767 parameters); the checkpoint moves after each step. */
const HOLIDAY_BATCH = 100;

export const AGENDA_JOBS = { nextFreeSlots: 'agenda.next-free-slots', publicHolidays: 'agenda.public-holidays' } as const;

/**
 * Background upkeep, no action from anyone, run once across all instances
 * (ScheduledJobs): every five minutes, practitioners whose next free slot
 * has passed get it recomputed (directory ordering); every day, the public
 * holidays of this year and the next are blocked in every agenda, which
 * extends the blocked days as the rolling horizon moves forward (the slots
 * themselves need no job: they are computed from the rules up to today +
 * horizon). The daily job saves the last practitioner done after each batch,
 * so an instance taking over after a crash resumes there.
 */
@Injectable()
export class AgendaHousekeeping implements OnModuleInit {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly slots: SlotFinder,
    private readonly settings: AgendaSettings,
    private readonly jobs: ScheduledJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: AGENDA_JOBS.nextFreeSlots, periodMs: FIVE_MINUTES, run: () => this.refreshStale().then(() => undefined) });
    this.jobs.register({ name: AGENDA_JOBS.publicHolidays, periodMs: ONE_DAY, run: (context) => this.prefillHolidays(new Date(), context).then(() => undefined) });
  }

  async refreshStale(now = new Date()): Promise<number> {
    const ids = await this.agenda.staleNextFreeSlot(now, 500);
    for (const id of ids) await this.slots.refreshNextFreeSlot(id, now);
    return ids.length;
  }

  /** Blocks the public holidays in every agenda, from the checkpoint (the last practitioner id done) on. */
  async prefillHolidays(now = new Date(), context?: Pick<JobContext, 'checkpoint' | 'saveCheckpoint' | 'signal'>): Promise<number> {
    let added = 0;
    let after: string | null = context?.checkpoint ?? null;
    for (;;) {
      if (context?.signal.aborted) return added;
      const batch = await this.agenda.allPractitionerIds(after, HOLIDAY_BATCH);
      if (batch.length === 0) return added;
      added += await this.settings.ensurePublicHolidaysOf(batch, now);
      after = batch[batch.length - 1].id;
      await context?.saveCheckpoint(after);
    }
  }
}
