import { Injectable } from '@nestjs/common';
import { AppConfig } from '@passerelle/api/config';
import { isSasEligible, SlotFinder } from '@passerelle/api/agenda';
import { slotBundleJson } from './slot-bundle';
import { SasDirectoryRepository } from './sas-directory.repository';
import { parseSlotSearchQuery } from './slot-search-query';

/**
 * INT_R01: the free slots of up to 25 practitioners, as the SAS platform
 * pulls them. Slots come from the agenda's slot engine (nothing
 * materialised); only SAS participants' slots that the SAS may book are shown.
 */
@Injectable()
export class SlotAggregation {
  constructor(
    private readonly directory: SasDirectoryRepository,
    private readonly slots: SlotFinder,
    private readonly config: AppConfig,
  ) {}

  get base(): string {
    return `${this.config.publicUrl}/fhir`;
  }

  /** The regulators' entry to a practitioner's agenda; it carries a `?` because the platform appends `&origin=sas`. */
  bookingUrl(practitionerId: string): string {
    return `${this.config.publicUrl}/api/sas/rendez-vous?praticien=${practitionerId}`;
  }

  /** The searchset Bundle as JSON text (see slotBundleJson). */
  async search(query: Record<string, unknown>, selfUrl: string, now = new Date()): Promise<string> {
    const search = parseSlotSearchQuery(query, now);
    const practitioners = search.freeOnly ? await this.directory.participantsByRpps(search.rpps) : [];
    // `le` is inclusive: a slot starting exactly at the upper bound is in.
    const free = practitioners.length > 0 ? await this.slots.freeSlots(practitioners.map((p) => p.id), search.from, new Date(search.to.getTime() + 1), now) : [];
    return slotBundleJson({ base: this.base, selfUrl, practitioners, slots: free.filter(isSasEligible), bookingUrl: (p) => this.bookingUrl(p.id) });
  }
}
