import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter, Router } from '@angular/router';
import { AUTH_ROUTES } from '@passerelle/shared/contracts';
import { SessionStore, WEB_ROUTES } from '@passerelle/web/core';
import { ForgottenPasswordPage } from './forgotten-password-page';
import { PASSWORD_RESET_DONE, PasswordResetPage } from './password-reset-page';

const TOKEN = 'wmZjeoj4NUatDnIt3Ssqx9sYUmA8-iNGscZ2tvowIsU';

/** Lets the page's async handlers resume after an HTTP answer, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

async function render<T>(component: new (...args: never[]) => T, route: { params?: Record<string, string>; query?: Record<string, string> } = {}) {
  TestBed.configureTestingModule({
    imports: [component],
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: ActivatedRoute, useValue: { snapshot: { paramMap: convertToParamMap(route.params ?? {}), queryParamMap: convertToParamMap(route.query ?? {}) } } },
    ],
  });
  const fixture = TestBed.createComponent(component);
  await settle(fixture);
  const page: HTMLElement = fixture.nativeElement;
  const byLabel = (text: string): HTMLInputElement => {
    const label = Array.from(page.querySelectorAll('label')).find((l) => l.textContent?.trim() === text);
    const input = label && page.querySelector<HTMLInputElement>(`#${label.htmlFor}`);
    if (!input) throw new Error(`no field labelled "${text}"`);
    return input;
  };
  const type = (text: string, value: string) => {
    const input = byLabel(text);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await settle(fixture);
  };
  return { fixture, page, http: TestBed.inject(HttpTestingController), byLabel, type, submit };
}

describe('ForgottenPasswordPage', () => {
  it('sends the request and says the same thing whatever the answer could reveal', async () => {
    const { fixture, page, http, byLabel, type, submit } = await render(ForgottenPasswordPage, { query: { espace: 'pro' } });
    expect(byLabel('Espace professionnel de santé').checked).toBe(true);
    type('Adresse e-mail', 'pas-une-adresse');
    await submit();
    expect(byLabel('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
    http.expectNone(AUTH_ROUTES.passwordReset);

    type('Adresse e-mail', ' claire.martin@passerelle.demo ');
    await submit();
    const request = http.expectOne(AUTH_ROUTES.passwordReset);
    expect(request.request.body).toEqual({ space: 'pro', email: 'claire.martin@passerelle.demo' });
    request.flush(null, { status: 202, statusText: 'Accepted' });
    await settle(fixture);
    const status = page.querySelector('[role="status"]');
    expect(status?.textContent).toContain('Si un compte correspond à claire.martin@passerelle.demo');
    expect(status?.textContent).toContain('60 minutes');
    expect(document.activeElement).toBe(status);
  });

  it('tells how long to wait after too many requests', async () => {
    const { fixture, page, http, type, submit } = await render(ForgottenPasswordPage);
    type('Adresse e-mail', 'marie@exemple.fr');
    await submit();
    http.expectOne(AUTH_ROUTES.passwordReset).flush(
      { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: 'Trop de tentatives. Réessayez dans 42 secondes.', retryAfterSeconds: 42 },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await settle(fixture);
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Réessayez dans 42 secondes');
    expect(page.querySelector('[role="status"]')).toBeNull();
  });
});

describe('PasswordResetPage', () => {
  const link = (mfaRequired: boolean) => ({ email: 'marie@exemple.fr', mfaRequired, expiresAt: '2031-03-01T10:00:00.000Z' });

  it('shows whom the link is for, checks the confirmation, and sends the second factor when the account has one', async () => {
    const { fixture, page, http, type, submit } = await render(PasswordResetPage, { params: { token: TOKEN } });
    http.expectOne(AUTH_ROUTES.passwordResetLink(TOKEN)).flush(link(true));
    await settle(fixture);
    expect(page.textContent).toContain('marie@exemple.fr');

    type('Nouveau mot de passe', 'lampe-cerise-voilier-2031');
    type('Confirmez le nouveau mot de passe', 'autre chose');
    type('Code de vérification', '12ab');
    await submit();
    expect(page.querySelector('#reset-confirmation-error')?.textContent).toContain('Les deux mots de passe sont différents.');
    expect(page.querySelector('#reset-code-error')?.textContent).toContain('xxxxx-xxxxx');
    http.expectNone({ method: 'POST' });

    type('Confirmez le nouveau mot de passe', 'lampe-cerise-voilier-2031');
    type('Code de vérification', '123 456');
    await submit();
    const request = http.expectOne({ method: 'POST', url: AUTH_ROUTES.passwordResetLink(TOKEN) });
    expect(request.request.body).toEqual({ password: 'lampe-cerise-voilier-2031', code: '123456' });
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith(WEB_ROUTES.login);
    expect(TestBed.inject(SessionStore).loginNotice()).toBe(PASSWORD_RESET_DONE);
  });

  it('without a second factor, asks no code; a used link says so with a way out', async () => {
    const first = await render(PasswordResetPage, { params: { token: TOKEN } });
    first.http.expectOne(AUTH_ROUTES.passwordResetLink(TOKEN)).flush(link(false));
    await settle(first.fixture);
    expect(() => first.byLabel('Code de vérification')).toThrow();
    TestBed.resetTestingModule();

    const used = await render(PasswordResetPage, { params: { token: TOKEN } });
    used.http.expectOne(AUTH_ROUTES.passwordResetLink(TOKEN)).flush(
      { statusCode: 410, code: 'NOT_FOUND', message: 'Ce lien a déjà été utilisé.' },
      { status: 410, statusText: 'Gone' },
    );
    await settle(used.fixture);
    expect(used.page.querySelector('[role="alert"]')?.textContent).toContain('Ce lien a déjà été utilisé.');
    expect(Array.from(used.page.querySelectorAll('a')).map((a) => a.textContent?.trim())).toContain('Refaire une demande');
  });
});
