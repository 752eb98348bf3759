import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '@passerelle/web/core';

/** Home of SAS regulators; the slot search issue fills it. */
@Component({
  selector: 'app-regulation-home',
  template: `
    <div class="page">
      <h1>Régulation SAS</h1>
      <p class="lead">Bienvenue, {{ account()?.displayName }}.</p>
      <p>
        Bientôt ici : la recherche de créneaux disponibles chez les médecins du
        territoire et la réservation pour les patients orientés par le SAS.
      </p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegulationHome {
  protected readonly account = inject(SessionStore).account;
}
