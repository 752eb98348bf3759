import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { firstGridSlot, FreeSlot, isSasEligible, SlotFinder } from '@passerelle/api/agenda';
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
import { Bounded, rankFirstSlots } from './first-slot-ranking';
import { compareCards } from './sas-card-order';
import { SasCandidate, SasSearchRepository } from './sas-search.repository';

const HOUR = 3_600_000;
/** Slots listed per card: enough for 72 h of a full agenda, the response stays small. */
const SLOTS_PER_CARD = 100;
/** Practitioners whose agendas the ranking reads in one statement (a page is usually decided by one or two). */
const RANKING_BATCH = 20;
/** How far past a batch's largest bound its agendas are read. */
const RANKING_READ_AHEAD_MS = 4 * HOUR;
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
    const slotsBy = await this.eligibleSlots(pageOf.filter((c) => c.firstSlot !== null).map((c) => c.id), from, to, now, query.consultationType);
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
   * Each candidate's first SAS slot — as far as the page needs it, exactly:
   * SAS participants first, then the others only when participants with
   * slots do not fill the pages up to this one. Within a group, a best-first
   * search: every candidate starts with a lower bound of its first slot, the
   * first grid slot of its weekly hours (firstGridSlot: no agenda read), and
   * candidates are taken in the cards' own order of (bound, shuffle), a batch
   * at a time; a batch's agendas are read from the window's start to a few
   * hours past its largest bound. Whoever has a slot there gets their exact
   * first slot; the others' bound becomes the end of what was read, and they
   * go back in line. The search stops when the `needed`-th card found ranks
   * before every bound still in line: nobody left could come before it, so
   * the cards of the page rank exactly as if every agenda had been read. The
   * others are left unranked (after them) — they belong to later pages.
   */
  private async firstSlots(candidates: SasCandidate[], from: Date, to: Date, now: Date, type: RegulatorSlotSearchQuery['consultationType'], needed: number): Promise<Map<string, number>> {
    const first = new Map<string, number>();
    let remaining = needed;
    for (const group of [candidates.filter((c) => c.sasParticipation), candidates.filter((c) => !c.sasParticipation)]) {
      if (remaining <= 0) break;
      // No participant in the area: the others are still searched.
      if (group.length === 0) continue;
      const grids = await this.repository.gridRules(group.map((c) => c.id));
      const bounded: Bounded[] = group.flatMap((c) => {
        const grid = grids.get(c.id);
        const bound = grid ? firstGridSlot(grid, from, to, now, type) : null;
        return bound === null ? [] : [{ id: c.id, bound, shuffle: c.shuffle }];
      });
      const found = await rankFirstSlots(bounded, { needed: remaining, to: to.getTime(), batch: RANKING_BATCH, readAhead: RANKING_READ_AHEAD_MS }, async (batch, since, until) => {
        const slots = await this.eligibleSlots(batch.map((b) => b.id), new Date(since), new Date(until), now, type);
        return new Map([...slots].map(([id, list]) => [id, list[0].start.getTime()]));
      });
      for (const [id, at] of found) first.set(id, at);
      remaining -= found.size;
    }
    return first;
  }

  private async eligibleSlots(ids: string[], from: Date, to: Date, now: Date, type: RegulatorSlotSearchQuery['consultationType']): Promise<Map<string, FreeSlot[]>> {
    const by = new Map<string, FreeSlot[]>();
    for (let i = 0; i < ids.length; i += RULES_BATCH) {
      const batch = ids.slice(i, i + RULES_BATCH);
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
