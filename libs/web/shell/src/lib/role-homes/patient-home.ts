import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '@passerelle/web/core';

/** Home of a patient; the messaging and requests issues fill it. */
@Component({
  selector: 'app-patient-home',
  template: `
    <div class="page">
      <h1>Mon espace patient</h1>
      <p class="lead">Bienvenue, {{ account()?.displayName }}.</p>
      <p>
        Bientôt ici : la messagerie sécurisée avec votre médecin, vos demandes
        de renouvellement d’ordonnance et vos rendez-vous.
      </p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHome {
  protected readonly account = inject(SessionStore).account;
}
