import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { WEB_ROUTES } from '@passerelle/web/core';

/** The practice's own menu above each of its pages. */
@Component({
  selector: 'app-practice-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <nav class="sub-nav" aria-label="Menu du cabinet">
      <ul class="sub-nav__list">
        @for (link of links; track link.url) {
          <li>
            <a
              class="sub-nav__link"
              [routerLink]="link.url"
              routerLinkActive="sub-nav__link--active"
              [routerLinkActiveOptions]="{ exact: link.exact }"
              ariaCurrentWhenActive="page"
              >{{ link.label }}</a
            >
          </li>
        }
      </ul>
    </nav>
    <router-outlet />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticeLayout {
  protected readonly links = [
    { label: 'Agenda', url: WEB_ROUTES.practice, exact: true },
    { label: 'Patients', url: WEB_ROUTES.practicePatients, exact: false },
    { label: 'Téléconsultations', url: WEB_ROUTES.practiceTeleconsultations, exact: false },
    { label: 'Paramètres', url: WEB_ROUTES.practiceSettings, exact: false },
  ];
}
