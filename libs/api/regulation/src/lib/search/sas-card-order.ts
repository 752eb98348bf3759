/** What the order of regulator search cards depends on. */
export interface RankedCard {
  sasParticipation: boolean;
  /** Earliest eligible slot (ms), null when none in the window. */
  firstSlot: number | null;
  /** Seeded random key: ties in random order, stable for one search. */
  shuffle: string;
}

const group = (c: RankedCard): number => (c.firstSlot !== null ? 0 : 2) + (c.sasParticipation ? 0 : 1);

/**
 * Card order (issue 4 §2, and the national platform's own grouping, note
 * sas-fhir §7): with slots and taking part in the SAS, with slots, then
 * without slots (participants first); inside a group the earliest slot
 * first; ties in the seeded random order.
 */
export function compareCards(a: RankedCard, b: RankedCard): number {
  return group(a) - group(b) || (a.firstSlot ?? 0) - (b.firstSlot ?? 0) || (a.shuffle < b.shuffle ? -1 : a.shuffle > b.shuffle ? 1 : 0);
}
