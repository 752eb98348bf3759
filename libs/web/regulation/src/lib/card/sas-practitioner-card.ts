import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CONSULTATION_TYPE_LABELS, ConsultationType, SasPractitionerCard, SasPractitionerSummary, SasSlotView } from '@passerelle/shared/contracts';
import { formatDay, formatParisTime, parisDayKey } from '@passerelle/web/ui';
import { REGULATION_PATHS } from '../regulation-paths';

/** Slots shown per card before "Voir plus". */
const SLOTS_SHOWN = 8;

interface CardDay {
  key: string;
  label: string;
  slots: SasSlotView[];
}

/**
 * One practitioner as a regulator sees them (search results and the
 * practitioner's own page): name, specialty, address, SAS participation, and
 * the slots the SAS may book grouped per day, each leading to the funnel.
 */
@Component({
  selector: 'app-sas-practitioner-card',
  imports: [RouterLink],
  templateUrl: './sas-practitioner-card.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SasPractitionerCardView {
  readonly card = input.required<SasPractitionerSummary & Partial<Pick<SasPractitionerCard, 'tier'>>>();

  protected readonly paths = REGULATION_PATHS;
  protected readonly expanded = signal(false);

  protected days(): CardDay[] {
    const all = this.card().slots;
    const shown = this.expanded() ? all : all.slice(0, SLOTS_SHOWN);
    const days: CardDay[] = [];
    for (const slot of shown) {
      const key = parisDayKey(slot.start);
      const day = days.find((d) => d.key === key);
      if (day) day.slots.push(slot);
      else days.push({ key, label: formatDay(key), slots: [slot] });
    }
    return days;
  }

  protected hiddenCount(): number {
    return this.expanded() ? 0 : Math.max(0, this.card().slots.length - SLOTS_SHOWN);
  }

  protected time(iso: string): string {
    return formatParisTime(iso);
  }

  protected typesOf(slot: SasSlotView): string {
    return slot.consultationTypes.map((t: ConsultationType) => CONSULTATION_TYPE_LABELS[t]).join(', ');
  }

  protected address(): string {
    const place = this.card().places[0];
    return place ? `${place.addressLine}, ${place.postcode} ${place.commune}` : '';
  }
}
