import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '@passerelle/web/core';

/** Home of administrators; the accounts and audit issues fill it. */
@Component({
  selector: 'app-administration-home',
  template: `
    <div class="page">
      <h1>Administration</h1>
      <p class="lead">Bienvenue, {{ account()?.displayName }}.</p>
      <p>
        Bientôt ici : les comptes des professionnels et des régulateurs, les
        invitations et le journal d’audit.
      </p>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdministrationHome {
  protected readonly account = inject(SessionStore).account;
}
