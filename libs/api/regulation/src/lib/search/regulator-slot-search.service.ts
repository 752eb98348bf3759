import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { FreeSlot, isSasEligible, SlotFinder } from '@passerelle/api/agenda';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { NotFound } from '@passerelle/api/platform';
import { DirectorySearch } from '@passerelle/api/directory';
import {
  RegulatorSlotSearchQuery,
  RegulatorSlotSearchResult,
  SAS_DEFAULT_WINDOW_HOURS,
  SAS_SEARCH_PAGE_SIZE,
  SasPractitionerCard,
  SasPractitionerPage,
  SasSlotView,
} from '@passerelle/shared/contracts';
import { compareCards } from './sas-card-order';
import { SasCandidate, SasSearchRepository } from './sas-search.repository';

const HOUR = 3_600_000;
/** Slots listed per card: enough for 72 h of a full agenda, the response stays small. */
const SLOTS_PER_CARD = 100;
/** Windows (hours from the start) tried in turn to rank candidates by their first slot; most pages are decided early. */
const RANKING_STEPS_HOURS = [4, 12, 24];
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

    const needed = page * SAS_SEARCH_PAGE_SIZE;
    const first = await this.firstSlots(candidates, from, to, now, query.consultationType, needed);
    const ranked = candidates.map((c) => ({ ...c, firstSlot: first.get(c.id) ?? null })).sort(compareCards);
    const pageOf = ranked.slice((page - 1) * SAS_SEARCH_PAGE_SIZE, needed);
    // The whole window's slots, for the cards of this page only.
    const slotsBy = await this.eligibleSlots(pageOf.filter((c) => c.firstSlot !== null), from, to, now, query.consultationType);
    const details = await this.repository.cards(pageOf.map((c) => c.id));
    const cards: SasPractitionerCard[] = pageOf.flatMap((c) => {
      const card = details.get(c.id);
      return card ? [{ ...card, tier: c.tier, slots: (slotsBy.get(c.id) ?? []).slice(0, SLOTS_PER_CARD).map(toSasSlotView) }] : [];
    });
    // No patient data in a search: the trail keeps what was searched, not who for.
    await this.audit.record({
      actor, action: 'sas.slots.search', result: 'SUCCESS', resourceType: 'Practitioner',
      details: { specialty: query.specialty, departements: [...area.departements].join(','), hours: query.hours ?? SAS_DEFAULT_WINDOW_HOURS, practitioners: candidates.length, ranked: first.size },
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

  /**
   * One practitioner's card over the default window, as a search would show
   * it (the SAS platform's link with praticien=<id> lands here); a
   * practitioner who does not take part in the SAS is shown too, flagged so,
   * with the slots the SAS may book all the same — as in the search.
   */
  async practitioner(practitionerId: string, actor: Actor, now: Date = new Date()): Promise<SasPractitionerPage> {
    const card = (await this.repository.cards([practitionerId])).get(practitionerId);
    if (!card) throw new NotFound('Praticien introuvable.');
    const to = new Date(now.getTime() + SAS_DEFAULT_WINDOW_HOURS * HOUR);
    const slots = await this.slotsOf(practitionerId, SAS_DEFAULT_WINDOW_HOURS, now);
    await this.audit.record({ actor, action: 'sas.practitioner.read', result: 'SUCCESS', onBehalfOf: practitionerId, resourceType: 'Practitioner', resourceId: practitionerId });
    return { ...card, slots, from: now.toISOString(), to: to.toISOString() };
  }

  /** One practitioner's SAS-eligible slots (to move a booking). */
  async slotsOf(practitionerId: string, hours: number, now: Date = new Date()): Promise<SasSlotView[]> {
    const found = await this.slots.freeSlots([practitionerId], now, new Date(now.getTime() + hours * HOUR), now);
    return found.filter(isSasEligible).slice(0, SLOTS_PER_CARD).map(toSasSlotView);
  }

  /**
   * Each candidate's first SAS slot — as far as the page needs: SAS
   * participants first, then the others only when participants with slots
   * do not fill the pages up to this one; and within a group, short windows
   * first (RANKING_STEPS_HOURS), widening only while too few have a slot.
   * Whoever has a slot in a shorter window comes before whoever has none
   * there, so the cards of the page (the `needed` first) are ranked exactly
   * as if every slot of every candidate had been computed; the others are
   * left unranked (after them) — they belong to later pages.
   */
  private async firstSlots(candidates: SasCandidate[], from: Date, to: Date, now: Date, type: RegulatorSlotSearchQuery['consultationType'], needed: number): Promise<Map<string, number>> {
    const first = new Map<string, number>();
    let remaining = needed;
    for (const group of [candidates.filter((c) => c.sasParticipation), candidates.filter((c) => !c.sasParticipation)]) {
      if (remaining <= 0) break;
      let open = group;
      const horizons = [...RANKING_STEPS_HOURS.map((h) => from.getTime() + h * HOUR).filter((t) => t < to.getTime()), to.getTime()];
      for (const until of horizons) {
        for (const [id, slots] of await this.eligibleSlots(open, from, new Date(until), now, type)) first.set(id, slots[0].start.getTime());
        open = open.filter((c) => !first.has(c.id));
        if (open.length === 0 || group.length - open.length >= remaining) break;
      }
      remaining -= group.length - open.length;
    }
    return first;
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
