import { Injectable } from '@nestjs/common';
import { SlotView } from '@passerelle/shared/contracts';
import { computeFreeSlots, FreeSlot, nextPublicSlot } from '../slots/slot-engine';
import { AgendaRepository } from './agenda.repository';

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
export class SlotFinder {
  constructor(private readonly agenda: AgendaRepository) {}

  async freeSlots(practitionerIds: string[], from: Date, to: Date, now = new Date()): Promise<FreeSlot[]> {
    const rules = await this.agenda.rules(practitionerIds, from, to);
    return rules.flatMap((r) => computeFreeSlots(r, from, to, now)).sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /** Keeps Practitioner.nextFreeSlotAt (directory ordering) true after a change. */
  async refreshNextFreeSlot(practitionerId: string, now = new Date()): Promise<Date | null> {
    const info = await this.agenda.practitioner(practitionerId);
    if (!info) return null;
    const horizon = new Date(now.getTime() + (info.horizonDays + 1) * 86_400_000);
    const [rules] = await this.agenda.rules([practitionerId], now, horizon);
    const next = rules ? (nextPublicSlot(rules, now)?.start ?? null) : null;
    await this.agenda.setNextFreeSlot(practitionerId, next);
    return next;
  }
}
