import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { Role, SessionView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { PageTitleStrategy } from '@passerelle/web/shell';
import { App } from './app';
import { appRoutes } from './app.routes';

function sessionOf(role: Role): SessionView {
  return {
    account: {
      id: 'a',
      email: 'x@example.fr',
      displayName: 'Claire Dubois',
      role,
      mfaEnabled: true,
    },
    stage: 'authenticated',
    idleExpiresAt: '2030-01-01T00:00:00.000Z',
    absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
  };
}

describe('App routes', () => {
  async function visit(url: string, session: SessionView | null = null) {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
    if (session) {
      TestBed.inject(SessionStore).establish(session);
    }
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    await fixture.whenStable();
    const page: HTMLElement = fixture.nativeElement;
    return {
      url: router.url,
      heading: page.querySelector('h1')?.textContent?.trim(),
      title: TestBed.inject(Title).getTitle(),
    };
  }

  it('sends a visitor to the login page', async () => {
    expect(await visit('/cabinet')).toEqual({
      url: '/connexion',
      heading: 'Connexion',
      title: 'Connexion – Passerelle',
    });
  });

  it.each<[Role, string, string, string]>([
    ['PATIENT', '/patient', 'Mon espace patient', 'Mon espace patient'],
    ['PRACTITIONER', '/cabinet', 'Mon cabinet', 'Mon cabinet'],
    ['SECRETARY', '/cabinet', 'Mon cabinet', 'Mon cabinet'],
    ['REGULATOR', '/regulation', 'Régulation SAS — rechercher un créneau', 'Régulation SAS'],
    ['ADMIN', '/admin', 'Administration', 'Administration'],
  ])('lands a %s on %s, "%s"', async (role, home, heading, title) => {
    expect(await visit('/', sessionOf(role))).toEqual({
      url: home,
      heading,
      title: `${title} – Passerelle`,
    });
  });

  it('refuses a patient the administration', async () => {
    const result = await visit('/admin', sessionOf('PATIENT'));
    expect(result.heading).toBe('Accès refusé');
    expect(result.title).toBe('Accès refusé – Passerelle');
  });

  it.each([
    ['/recherche', 'Trouver un praticien'],
    ['/rendez-vous/00000000-0000-4000-8000-000000000000', 'Prendre rendez-vous'],
  ])('opens %s to a visitor', async (url, heading) => {
    const result = await visit(url);
    expect(result.url).toBe(url);
    expect(result.heading).toBe(heading);
  });

  it('answers an unknown address with "Page introuvable"', async () => {
    expect((await visit('/nulle-part')).heading).toBe('Page introuvable');
  });
});
