import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { SlotView } from '@passerelle/shared/contracts';
import { computeFreeSlots, FreeSlot, horizonEnd } from '../slots/slot-engine';
import { AgendaRepository } from './agenda.repository';

const WEEK_MS = 7 * 86_400_000;

export const toSlotView = (s: FreeSlot): SlotView => ({
  practitionerId: s.practitionerId,
  start: s.start.toISOString(),
  end: s.end.toISOString(),
  placeId: s.placeId,
  consultationTypes: s.consultationTypes,
  motifIds: s.motifIds,
  visibility: s.visibility,
});

/** Free slots of any practitioners over any window, straight from the rules (nothing materialised). */
@Injectable()
export class SlotFinder implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SlotFinder');
  /** Practitioners whose next free slot is to be recomputed after the current requests. */
  private readonly queued = new Set<string>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly agenda: AgendaRepository) {}

  async freeSlots(practitionerIds: string[], from: Date, to: Date, now = new Date()): Promise<FreeSlot[]> {
    const rules = await this.agenda.rules(practitionerIds, from, to);
    return rules.flatMap((r) => computeFreeSlots(r, from, to, now)).sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /**
   * Keeps Practitioner.nextFreeSlotAt (directory ordering) true after a
   * change. Reads the agenda a week at a time: most agendas answer in the
   * first one, and a whole 90- or 180-day horizon of appointments is not read
   * for nothing.
   */
  async refreshNextFreeSlot(practitionerId: string, now = new Date()): Promise<Date | null> {
    let limit = Infinity;
    for (let from = now; from.getTime() < limit; from = new Date(from.getTime() + WEEK_MS)) {
      const to = new Date(Math.min(from.getTime() + WEEK_MS, limit));
      const [rules] = await this.agenda.rules([practitionerId], from, to);
      if (!rules) return null;
      limit = horizonEnd(now, rules.horizonDays).getTime();
      const found = computeFreeSlots(rules, from, new Date(Math.min(to.getTime(), limit)), now).find((s) => s.visibility.includes('PUBLIC'));
      if (found) {
        await this.agenda.setNextFreeSlot(practitionerId, found.start);
        return found.start;
      }
    }
    await this.agenda.setNextFreeSlot(practitionerId, null);
    return null;
  }

  /**
   * The same, after the current request instead of inside it (a booking need
   * not wait for the directory): once per practitioner however many changes
   * asked for it meanwhile. A failure is logged; the periodic housekeeping
   * recomputes passed values anyway.
   */
  refreshNextFreeSlotLater(practitionerId: string): void {
    if (this.queued.has(practitionerId)) return;
    this.queued.add(practitionerId);
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        this.queued.delete(practitionerId);
        return this.refreshNextFreeSlot(practitionerId);
      })
      .catch((error: Error) => this.logger.warn(`next free slot not refreshed: ${error.message}`))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Lets queued refreshes finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
