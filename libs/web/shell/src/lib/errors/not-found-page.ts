import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '@passerelle/web/core';

@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  template: `
    <div class="page page--narrow">
      <h1>Page introuvable</h1>
      <p>L’adresse demandée n’existe pas ou n’existe plus.</p>
      <p><a [routerLink]="home()">Retour à l’accueil</a></p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  protected readonly home = inject(SessionStore).home;
}
