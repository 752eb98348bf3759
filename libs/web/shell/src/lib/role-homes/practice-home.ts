import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '@passerelle/web/core';

/** Home of practice staff (practitioner and secretary); the agenda and messaging issues fill it. */
@Component({
  selector: 'app-practice-home',
  template: `
    <div class="page">
      <h1>Mon cabinet</h1>
      <p class="lead">Bienvenue, {{ account()?.displayName }}.</p>
      <p>
        Bientôt ici : l’agenda du cabinet, les messages des patients et les
        demandes à traiter.
      </p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticeHome {
  protected readonly account = inject(SessionStore).account;
}
