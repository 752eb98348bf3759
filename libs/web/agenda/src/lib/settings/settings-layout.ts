import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { WEB_ROUTES } from '@passerelle/web/core';

export const SETTINGS_PAGES = [
  { path: 'horaires', label: 'Horaires' },
  { path: 'agenda', label: 'Réglages de l’agenda' },
  { path: 'motifs', label: 'Motifs' },
  { path: 'conges', label: 'Congés et absences' },
  { path: 'secretariat', label: 'Secrétariat' },
  { path: 'patients-autorises', label: 'Liste des patients autorisés' },
  { path: 'messagerie', label: 'Messagerie' },
] as const;

/** "Paramètres du cabinet": its sections as a menu, the chosen one below. */
@Component({
  selector: 'app-settings-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page">
      <h1>Paramètres du cabinet</h1>
      <div class="settings">
        <nav class="settings__nav" aria-label="Paramètres du cabinet">
          <ul>
            @for (page of pages; track page.path) {
              <li>
                <a [routerLink]="base + '/' + page.path" routerLinkActive="settings__link--active" ariaCurrentWhenActive="page">{{ page.label }}</a>
              </li>
            }
          </ul>
        </nav>
        <div class="settings__content">
          <router-outlet />
        </div>
      </div>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsLayout {
  protected readonly base = WEB_ROUTES.practiceSettings;
  protected readonly pages = SETTINGS_PAGES;
}
