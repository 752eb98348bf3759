import { ConsultationType, MotifView, SlotView } from '@passerelle/shared/contracts';
import { addDays, DayKey, formatDay, parisDayKey } from '@passerelle/web/ui';

export interface SlotDay {
  key: DayKey;
  label: string;
  slots: SlotView[];
}

/** Slots where this visit fits: the type offered, and the motif chosen (any slot for a free-text motif). */
export function slotsFor(slots: SlotView[], type: ConsultationType | null, motifId: string | null): SlotView[] {
  return slots.filter((s) => (!type || s.consultationTypes.includes(type)) && (!motifId || s.motifIds.includes(motifId)));
}

/** `days` days from `first`, each with its slots in time order (empty days kept, so the week reads as a week). */
export function groupSlotsByDay(slots: SlotView[], first: DayKey, days: number): SlotDay[] {
  const byDay = new Map<DayKey, SlotView[]>();
  for (const slot of slots) {
    const key = parisDayKey(slot.start);
    byDay.set(key, [...(byDay.get(key) ?? []), slot]);
  }
  return Array.from({ length: days }, (_, i) => {
    const key = addDays(first, i);
    return {
      key,
      label: formatDay(key),
      slots: (byDay.get(key) ?? []).sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    };
  });
}

/** Types the patient can choose: those of the bookable motifs (list mode) or of the free slots (free entry). */
export function offeredTypes(motifs: MotifView[], slots: SlotView[], freeEntry: boolean): ConsultationType[] {
  const order: ConsultationType[] = ['CABINET', 'VIDEO', 'HOME'];
  const fromMotifs = new Set(motifs.flatMap((m) => m.consultationTypes));
  const fromSlots = new Set(slots.flatMap((s) => s.consultationTypes));
  return order.filter((t) => fromMotifs.has(t) || (freeEntry && fromSlots.has(t)));
}
