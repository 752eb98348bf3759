import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { PracticeContext } from './practice-context';

/**
 * "Praticien" select, shown only when the staff member manages several
 * agendas; otherwise the practitioner's name, so the page says whose agenda it is.
 */
@Component({
  selector: 'app-practitioner-picker',
  template: `
    @if (context.error(); as message) {
      <div class="alert alert--error" role="alert">{{ message }}</div>
    }
    @if (context.practitioners().length > 1) {
      <div class="field field--inline">
        <label class="label" for="practitioner-picker">Praticien</label>
        <select
          id="practitioner-picker"
          class="input input--auto"
          [value]="context.practitionerId()"
          (change)="choose($event)"
        >
          @for (p of context.practitioners(); track p.practitionerId) {
            <option [value]="p.practitionerId" [selected]="p.practitionerId === context.practitionerId()">
              {{ p.displayName }}
            </option>
          }
        </select>
      </div>
    } @else if (context.practitioner(); as p) {
      <p class="muted">Agenda de {{ p.displayName }}</p>
    } @else if (!context.loading() && !context.error()) {
      <p class="alert alert--info">Aucun praticien n’est rattaché à votre cabinet.</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PractitionerPicker {
  protected readonly context = inject(PracticeContext);

  constructor() {
    void this.context.load();
  }

  protected choose(event: Event): void {
    this.context.choose((event.target as HTMLSelectElement).value);
  }
}
