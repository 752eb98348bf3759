import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { AgendaRepository } from './agenda.repository';
import { AgendaSettings } from './agenda-settings.service';
import { SlotFinder } from './slot-finder';

const FIVE_MINUTES = 5 * 60_000;

/**
 * Background upkeep, no action from anyone: every five minutes, practitioners
 * whose next free slot has passed get it recomputed (directory ordering);
 * once a day, public holidays are pre-filled for this year and the next.
 * The rolling horizon itself needs no job: slots are computed from the rules
 * up to today + horizon. (Single-instance timers; running them once across a
 * cluster is the multi-instance issue's.)
 */
@Injectable()
export class AgendaHousekeeping implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AgendaHousekeeping');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly agenda: AgendaRepository,
    private readonly slots: SlotFinder,
    private readonly settings: AgendaSettings,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.nodeEnv === 'test') return;
    this.timers.push(setInterval(() => void this.refreshStale().catch((e: Error) => this.logger.warn(`refresh failed: ${e.message}`)), FIVE_MINUTES).unref());
    this.timers.push(setInterval(() => void this.prefillHolidays().catch((e: Error) => this.logger.warn(`holidays failed: ${e.message}`)), 24 * 60 * 60_000).unref());
  }

  onApplicationShutdown(): void {
    this.timers.forEach(clearInterval);
  }

  async refreshStale(now = new Date()): Promise<number> {
    const ids = await this.agenda.staleNextFreeSlot(now, 500);
    for (const id of ids) await this.slots.refreshNextFreeSlot(id, now);
    return ids.length;
  }

  async prefillHolidays(now = new Date()): Promise<number> {
    let added = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await this.agenda.allPractitionerIds(after, 500);
      if (batch.length === 0) return added;
      for (const p of batch) added += await this.settings.ensurePublicHolidays(p.id, now);
      after = batch[batch.length - 1].id;
    }
  }
}
