import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { FreeSlot, isSasEligible, SlotFinder } from '@passerelle/api/agenda';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { DirectorySearch } from '@passerelle/api/directory';
import {
  RegulatorSlotSearchQuery,
  RegulatorSlotSearchResult,
  SAS_DEFAULT_WINDOW_HOURS,
  SAS_SEARCH_PAGE_SIZE,
  SasPractitionerCard,
  SasSlotView,
} from '@passerelle/shared/contracts';
import { compareCards } from './sas-card-order';
import { SasCandidate, SasSearchRepository } from './sas-search.repository';

const HOUR = 3_600_000;
/** Slots listed per card: enough for 72 h of a full agenda, the response stays small. */
const SLOTS_PER_CARD = 100;
/** Practitioners whose agenda rules are read in one go. */
const RULES_BATCH = 250;

export const toSasSlotView = (slot: FreeSlot): SasSlotView => ({
  start: slot.start.toISOString(),
  end: slot.end.toISOString(),
  placeId: slot.placeId,
  consultationTypes: slot.consultationTypes,
  snp: slot.visibility.includes('SNP'),
});

/**
 * Slot search for SAS regulators (issue 4 §2): Passerelle practitioners of a
 * specialty around a place (the directory's place resolution and
 * département adjacency), their free slots in the window from the agenda's
 * slot engine — no second slot computation — kept when the SAS may book them
 * (isSasEligible), grouped per practitioner card and ordered by
 * compareCards; one page of cards at a time.
 */
@Injectable()
export class RegulatorSlotSearch {
  constructor(
    private readonly directory: DirectorySearch,
    private readonly repository: SasSearchRepository,
    private readonly slots: SlotFinder,
    private readonly audit: AuditTrail,
  ) {}

  async search(query: RegulatorSlotSearchQuery, actor: Actor, now: Date = new Date()): Promise<RegulatorSlotSearchResult> {
    const page = query.page ?? 1;
    const seed = query.seed ?? randomInt(1, 2 ** 31 - 1);
    const from = new Date(Math.max(query.from ? new Date(query.from).getTime() : now.getTime(), now.getTime()));
    const to = new Date(from.getTime() + (query.hours ?? SAS_DEFAULT_WINDOW_HOURS) * HOUR);
    const area = await this.directory.searchArea(query.place);
    const candidates = await this.repository.candidates(query.specialty, [...area.departements], [...area.neighbours], seed);

    const slotsBy = await this.eligibleSlots(candidates, from, to, now, query.consultationType);
    const ranked = candidates
      .map((c) => ({ ...c, slots: slotsBy.get(c.id) ?? [], firstSlot: slotsBy.get(c.id)?.[0]?.start.getTime() ?? null }))
      .sort(compareCards);
    const pageOf = ranked.slice((page - 1) * SAS_SEARCH_PAGE_SIZE, page * SAS_SEARCH_PAGE_SIZE);
    const details = await this.repository.cards(pageOf.map((c) => c.id));
    const cards: SasPractitionerCard[] = pageOf.flatMap((c) => {
      const card = details.get(c.id);
      return card ? [{ ...card, tier: c.tier, slots: c.slots.slice(0, SLOTS_PER_CARD).map(toSasSlotView) }] : [];
    });
    // No patient data in a search: the trail keeps what was searched, not who for.
    await this.audit.record({
      actor, action: 'sas.slots.search', result: 'SUCCESS', resourceType: 'Practitioner',
      details: { specialty: query.specialty, departements: [...area.departements].join(','), hours: query.hours ?? SAS_DEFAULT_WINDOW_HOURS, practitioners: candidates.length, withSlots: slotsBy.size },
    });
    return {
      cards,
      page,
      pageSize: SAS_SEARCH_PAGE_SIZE,
      hasMore: ranked.length > page * SAS_SEARCH_PAGE_SIZE,
      seed,
      from: from.toISOString(),
      to: to.toISOString(),
    };
  }

  /** One practitioner's SAS-eligible slots (to move a booking). */
  async slotsOf(practitionerId: string, hours: number, now: Date = new Date()): Promise<SasSlotView[]> {
    const found = await this.slots.freeSlots([practitionerId], now, new Date(now.getTime() + hours * HOUR), now);
    return found.filter(isSasEligible).slice(0, SLOTS_PER_CARD).map(toSasSlotView);
  }

  private async eligibleSlots(candidates: SasCandidate[], from: Date, to: Date, now: Date, type: RegulatorSlotSearchQuery['consultationType']): Promise<Map<string, FreeSlot[]>> {
    const by = new Map<string, FreeSlot[]>();
    for (let i = 0; i < candidates.length; i += RULES_BATCH) {
      const batch = candidates.slice(i, i + RULES_BATCH).map((c) => c.id);
      for (const slot of await this.slots.freeSlots(batch, from, to, now)) {
        if (!isSasEligible(slot) || (type && !slot.consultationTypes.includes(type))) continue;
        const list = by.get(slot.practitionerId);
        if (list) list.push(slot);
        else by.set(slot.practitionerId, [slot]);
      }
    }
    return by;
  }
}
