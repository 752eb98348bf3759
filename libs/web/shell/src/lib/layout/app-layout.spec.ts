import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AUTH_ROUTES, Role, SessionView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { AppLayout } from './app-layout';

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

@Component({ selector: 'app-test-page', template: '<h1>Une page</h1><button type="button">Semaine suivante</button>' })
class TestPage {}

describe('AppLayout', () => {
  async function render(session: SessionView | null) {
    TestBed.configureTestingModule({
      imports: [AppLayout],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    if (session) {
      TestBed.inject(SessionStore).establish(session);
    }
    const fixture = TestBed.createComponent(AppLayout);
    await fixture.whenStable();
    const page: HTMLElement = fixture.nativeElement;
    const navLinks = () =>
      Array.from(page.querySelectorAll('nav a')).map((a) =>
        a.textContent?.trim(),
      );
    return { fixture, page, navLinks };
  }

  it('has a skip link to the main content and the page landmarks', async () => {
    const { page } = await render(null);
    const skip = page.querySelector('a.skip-link');
    expect(skip?.textContent?.trim()).toBe('Aller au contenu');
    expect(skip?.getAttribute('href')).toBe('#contenu');
    expect(page.querySelector('header')).not.toBeNull();
    expect(page.querySelector('main#contenu')).not.toBeNull();
    expect(page.querySelector('footer')).not.toBeNull();
  });

  it('shows neither account nor navigation to a visitor, but the login', async () => {
    const { page } = await render(null);
    expect(page.querySelector('nav')).toBeNull();
    expect(page.textContent).not.toContain('Se déconnecter');
    const login = Array.from(page.querySelectorAll('header a')).find(
      (a) => a.textContent?.trim() === 'Se connecter',
    );
    expect(login?.getAttribute('href')).toBe('/connexion');
  });

  it.each<[string, SessionView | null]>([
    ['a visitor', null],
    ['a patient', sessionOf('PATIENT')],
    ['a secretary', sessionOf('SECRETARY')],
  ])('links the directory search from the header for %s', async (_who, session) => {
    const { page } = await render(session);
    const search = Array.from(page.querySelectorAll('header a')).find(
      (a) => a.textContent?.trim() === 'Trouver un praticien',
    );
    expect(search?.getAttribute('href')).toBe('/recherche');
  });

  it('shows the account, its role and the practice navigation to a secretary', async () => {
    const { page, navLinks } = await render(sessionOf('SECRETARY'));
    const header = page.querySelector('header')?.textContent ?? '';
    expect(header).toContain('Claire Dubois');
    expect(header).toContain('Secrétariat');
    expect(page.querySelector('nav')?.getAttribute('aria-label')).toBe(
      'Menu principal',
    );
    expect(navLinks()).toEqual(['Mon cabinet', 'Messagerie', 'Sécurité du compte']);
  });

  it.each<[Role, string]>([
    ['PATIENT', 'Mon espace'],
    ['REGULATOR', 'Rechercher un créneau'],
    ['ADMIN', 'Administration'],
  ])('gives %s a navigation starting with "%s"', async (role, first) => {
    const { navLinks } = await render(sessionOf(role));
    expect(navLinks()[0]).toBe(first);
  });

  it('signs out through the API and goes to the login', async () => {
    const { fixture, page } = await render(sessionOf('PATIENT'));
    const navigate = jest
      .spyOn(TestBed.inject(Router), 'navigateByUrl')
      .mockResolvedValue(true);
    const logout = Array.from(page.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Se déconnecter',
    );
    logout?.click();

    TestBed.inject(HttpTestingController)
      .expectOne(AUTH_ROUTES.logout)
      .flush(null, { status: 204, statusText: 'No Content' });
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).session()).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/connexion');
    expect(page.querySelector('nav')).toBeNull();
  });

  it('moves the focus to the heading on a new page, not when only the query string changes', async () => {
    TestBed.configureTestingModule({
      imports: [AppLayout],
      providers: [
        provideRouter([
          { path: 'a', component: TestPage },
          { path: 'b', component: TestPage },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    const fixture = TestBed.createComponent(AppLayout);
    document.body.appendChild(fixture.nativeElement);
    const router = TestBed.inject(Router);
    const page: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
    };
    await router.navigateByUrl('/a');
    await settle();
    page.querySelector<HTMLButtonElement>('main button')?.focus();

    await router.navigateByUrl('/a?semaine=2');
    await settle();
    expect(document.activeElement?.textContent).toBe('Semaine suivante');

    await router.navigateByUrl('/b');
    await settle();
    expect(document.activeElement?.tagName).toBe('H1');
    fixture.nativeElement.remove();
  });
});
