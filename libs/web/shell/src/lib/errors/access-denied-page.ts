import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '@passerelle/web/core';

/** Where roleGuard sends an account whose role does not open the page. */
@Component({
  selector: 'app-access-denied-page',
  imports: [RouterLink],
  template: `
    <div class="page page--narrow">
      <h1>Accès refusé</h1>
      <p>Votre compte ne permet pas d’accéder à cette page.</p>
      <p><a [routerLink]="home()">Retour à mon espace</a></p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccessDeniedPage {
  protected readonly home = inject(SessionStore).home;
}
