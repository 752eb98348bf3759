import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AUTH_ROUTES, SessionView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { LoginPage } from './login-page';

/** Lets the page's async handlers resume after an HTTP answer, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

async function render() {
  TestBed.configureTestingModule({
    imports: [LoginPage],
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
    ],
  });
  const fixture = TestBed.createComponent(LoginPage);
  await settle(fixture);
  const page: HTMLElement = fixture.nativeElement;
  const http = TestBed.inject(HttpTestingController);
  const byLabel = (text: string): HTMLInputElement => {
    const label = Array.from(page.querySelectorAll('label')).find(
      (l) => l.textContent?.trim() === text,
    );
    const input =
      label && page.querySelector<HTMLInputElement>(`#${label.htmlFor}`);
    if (!input) throw new Error(`no field labelled "${text}"`);
    return input;
  };
  const type = (text: string, value: string) => {
    const input = byLabel(text);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submitButton = () =>
    page.querySelector<HTMLButtonElement>('button[type="submit"]');
  const submit = async () => {
    submitButton()?.click();
    await settle(fixture);
  };
  return { fixture, page, http, byLabel, type, submit, submitButton };
}

describe('LoginPage', () => {
  it('labels its fields with the names the end-to-end tests use', async () => {
    const { byLabel, submitButton } = await render();
    expect(byLabel('Espace patient').type).toBe('radio');
    expect(byLabel('Espace professionnel de santé').type).toBe('radio');
    expect(byLabel('Adresse e-mail').type).toBe('email');
    expect(byLabel('Mot de passe').type).toBe('password');
    expect(submitButton()?.textContent?.trim()).toBe('Se connecter');
  });

  it('checks the fields before calling the API', async () => {
    const { page, http, byLabel, type, submit } = await render();
    type('Adresse e-mail', 'pas-une-adresse');
    await submit();

    const email = byLabel('Adresse e-mail');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(
      page.querySelector(`#${email.getAttribute('aria-describedby')}`)
        ?.textContent,
    ).toContain('Adresse e-mail invalide');
    expect(page.querySelector('#login-password-error')?.textContent).toContain(
      'Saisissez votre mot de passe.',
    );
    expect(document.activeElement).toBe(email);
    http.expectNone(AUTH_ROUTES.login);
  });

  it('shows the API field errors under their fields and its message in an alert', async () => {
    const { fixture, page, http, byLabel, type, submit, submitButton } =
      await render();
    type('Adresse e-mail', 'camille@example.fr');
    type('Mot de passe', 'un mot de passe');
    byLabel('Espace professionnel de santé').click();
    await submit();

    const request = http.expectOne(AUTH_ROUTES.login);
    expect(request.request.body).toEqual({
      space: 'pro',
      email: 'camille@example.fr',
      password: 'un mot de passe',
    });
    expect(submitButton()?.disabled).toBe(true);
    expect(submitButton()?.textContent?.trim()).toBe('Connexion en cours…');

    request.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Certains champs sont invalides.',
        fields: { email: ['Cette adresse n’est pas acceptée.'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);

    expect(page.querySelector('[role="alert"]')?.textContent).toContain(
      'Certains champs sont invalides.',
    );
    const email = byLabel('Adresse e-mail');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#login-email-error')?.textContent).toContain(
      'Cette adresse n’est pas acceptée.',
    );
    expect(submitButton()?.disabled).toBe(false);

    // Editing the field clears the API's complaint about it.
    type('Adresse e-mail', 'camille.martin@example.fr');
    await settle(fixture);
    expect(page.querySelector('#login-email-error')).toBeNull();
  });

  it('tells how long to wait after too many attempts', async () => {
    const { fixture, page, http, type, submit } = await render();
    type('Adresse e-mail', 'camille@example.fr');
    type('Mot de passe', 'un mot de passe');
    await submit();

    http.expectOne(AUTH_ROUTES.login).flush(
      {
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: 'Trop de tentatives de connexion.',
        retryAfterSeconds: 900,
      },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await settle(fixture);

    expect(page.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Trop de tentatives de connexion. Vous pourrez réessayer dans 15 minutes.',
    );
  });

  it('goes to the second factor when the API asks for it', async () => {
    const { fixture, http, type, submit } = await render();
    const navigate = jest
      .spyOn(TestBed.inject(Router), 'navigateByUrl')
      .mockResolvedValue(true);
    type('Adresse e-mail', 'dr.martin@example.fr');
    type('Mot de passe', 'un mot de passe');
    await submit();

    const session: SessionView = {
      account: {
        id: 'a',
        email: 'dr.martin@example.fr',
        displayName: 'Dr Martin',
        role: 'PRACTITIONER',
        mfaEnabled: true,
      },
      stage: 'mfa-required',
      idleExpiresAt: '2030-01-01T00:00:00.000Z',
      absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
    };
    http.expectOne(AUTH_ROUTES.login).flush(session);
    await settle(fixture);

    expect(TestBed.inject(SessionStore).stage()).toBe('mfa-required');
    expect(navigate).toHaveBeenCalledWith('/connexion/code');
  });
});
