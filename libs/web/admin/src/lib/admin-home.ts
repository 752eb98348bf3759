import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '@passerelle/web/core';
import { ADMIN_ROUTES } from './admin.routes-paths';

/** Administrators' home. */
@Component({
  selector: 'app-admin-home',
  imports: [RouterLink],
  template: `
    <div class="page">
      <h1>Administration</h1>
      <p class="lead">Bienvenue, {{ account()?.displayName }}.</p>
      <ul class="card-list">
        <li class="card card--compact">
          <h2><a [routerLink]="routes.regulators">Comptes régulateurs SAS</a></h2>
          <p class="muted">Créer un compte « Régulateur » (un lien d’activation est envoyé par e-mail), désactiver un compte.</p>
        </li>
        <li class="card card--compact">
          <h2><a [routerLink]="routes.outbox">E-mails envoyés</a></h2>
          <p class="muted">Sans serveur SMTP configuré, les e-mails de Passerelle sont conservés ici pour être transmis.</p>
        </li>
      </ul>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminHome {
  protected readonly account = inject(SessionStore).account;
  protected readonly routes = ADMIN_ROUTES;
}
