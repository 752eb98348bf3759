import { ChangeDetectionStrategy, Component } from '@angular/core';

/** What the colours of the calendar mean; each cell also says it in words. */
@Component({
  selector: 'app-calendar-legend',
  template: `
    <h2 class="visually-hidden" id="calendar-legend-title">Légende</h2>
    <ul class="calendar-legend" aria-labelledby="calendar-legend-title">
      <li><span class="swatch cell--free" aria-hidden="true"></span>Libre</li>
      <li><span class="swatch cell--booked" aria-hidden="true"></span>Réservé</li>
      <li><span class="swatch cell--done" aria-hidden="true"></span>Honoré</li>
      <li><span class="swatch cell--no-show" aria-hidden="true"></span>Absence injustifiée</li>
      <li><span class="swatch cell--cancelled" aria-hidden="true"></span>Annulé</li>
      <li><span class="swatch cell--blocked" aria-hidden="true"></span>Bloqué (congés, jour férié, absence)</li>
      <li><span class="tag tag--sas">SAS</span> réservé par la régulation</li>
      <li><span class="tag tag--snp">SNP</span> créneau de soins non programmés</li>
    </ul>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CalendarLegend {}
