import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MESSAGING_ROUTES, MessagingSettingsView, SessionView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { MessagingSettingsPage } from './messaging-settings-page';

const sessionOf = (id: string, role: 'PRACTITIONER' | 'SECRETARY'): SessionView => ({
  account: { id, email: `${id}@exemple.fr`, displayName: id, role, mfaEnabled: true },
  stage: 'authenticated',
  idleExpiresAt: '2030-01-01T00:00:00.000Z',
  absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
});

const settings = (over: Partial<MessagingSettingsView> = {}): MessagingSettingsView => ({
  practiceId: 'c1',
  practiceName: 'Cabinet des Tilleuls',
  weeklyThreadLimit: 3,
  answerDelayDays: 2,
  practitioners: [
    { practitionerId: 'pr-claire', accountId: 'acc-claire', displayName: 'Dr Claire Martin', messagingEnabled: true },
    { practitionerId: 'pr-karim', accountId: 'acc-karim', displayName: 'Dr Karim Benali', messagingEnabled: false },
  ],
  ...over,
});

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

describe('MessagingSettingsPage', () => {
  async function render(accountId: string, role: 'PRACTITIONER' | 'SECRETARY', initial = settings()) {
    TestBed.configureTestingModule({
      imports: [MessagingSettingsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.inject(SessionStore).establish(sessionOf(accountId, role));
    const fixture = TestBed.createComponent(MessagingSettingsPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: MESSAGING_ROUTES.practiceSettings }).flush(initial);
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const input = (id: string) => page.querySelector<HTMLInputElement>(`#${id}`);
    const type = async (id: string, value: string) => {
      const el = input(id);
      if (!el) throw new Error(`#${id} missing`);
      el.value = value;
      el.dispatchEvent(new Event('input'));
      await settle(fixture);
    };
    const submit = async () => {
      page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
      await settle(fixture);
    };
    return { fixture, http, page, input, type, submit };
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('a practitioner switches her own messaging off and changes the limit and delay: both saved, confirmed', async () => {
    const { http, page, input, type, submit, fixture } = await render('acc-claire', 'PRACTITIONER');
    expect(input('messaging-enabled')?.checked).toBe(true);
    expect(input('messaging-limit')?.value).toBe('3');
    expect(page.textContent).toContain('Dr Karim Benali : désactivée');
    input('messaging-enabled')?.click();
    await type('messaging-limit', '5');
    await type('messaging-delay', '4');
    await submit();
    const put = http.expectOne({ method: 'PUT', url: MESSAGING_ROUTES.practiceSettings });
    expect(put.request.body).toEqual({ weeklyThreadLimit: 5, answerDelayDays: 4 });
    put.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    const enabled = http.expectOne({ method: 'PUT', url: MESSAGING_ROUTES.practitionerEnabled('pr-claire') });
    expect(enabled.request.body).toEqual({ enabled: false });
    enabled.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    const saved = settings({ weeklyThreadLimit: 5, answerDelayDays: 4 });
    saved.practitioners[0].messagingEnabled = false;
    http.expectOne({ method: 'GET', url: MESSAGING_ROUTES.practiceSettings }).flush(saved);
    await settle(fixture);
    const status = page.querySelector('#messaging-settings-saved');
    expect(status?.getAttribute('role')).toBe('status');
    expect(status?.textContent).toContain('Réglages de la messagerie enregistrés.');
    expect(document.activeElement).toBe(status);
    expect(page.textContent).toContain('Dr Claire Martin : désactivée');
  });

  it('"Sans limite" sends null; an unchanged switch is not sent', async () => {
    const { http, page, submit, fixture } = await render('acc-claire', 'PRACTITIONER');
    page.querySelector<HTMLInputElement>('#messaging-limit-off')?.click();
    await settle(fixture);
    expect(page.querySelector('#messaging-limit')).toBeNull();
    await submit();
    const put = http.expectOne({ method: 'PUT', url: MESSAGING_ROUTES.practiceSettings });
    expect(put.request.body).toEqual({ weeklyThreadLimit: null, answerDelayDays: 2 });
    put.flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    http.expectOne({ method: 'GET', url: MESSAGING_ROUTES.practiceSettings }).flush(settings({ weeklyThreadLimit: null }));
    await settle(fixture);
    http.expectNone(MESSAGING_ROUTES.practitionerEnabled('pr-claire'));
  });

  it('refuses an out-of-range delay in French under the field, focused, and sends nothing', async () => {
    const { page, type, submit } = await render('acc-claire', 'PRACTITIONER');
    await type('messaging-delay', '45');
    await submit();
    expect(page.querySelector('#messaging-delay-error')?.textContent).toContain('Délai de réponse : 30 jours au plus.');
    expect(document.activeElement?.id).toBe('messaging-delay');
  });

  it('a secretary sets the practice values but has no switch: she sees each practitioner’s state', async () => {
    const { http, page, input, submit, fixture } = await render('acc-sophie', 'SECRETARY');
    expect(input('messaging-enabled')).toBeNull();
    expect(page.textContent).toContain('Chaque praticien active ou désactive sa messagerie lui-même');
    expect(page.textContent).toContain('Dr Claire Martin : activée');
    await submit();
    http.expectOne({ method: 'PUT', url: MESSAGING_ROUTES.practiceSettings }).flush({ statusCode: 403, code: 'FORBIDDEN', message: "Vous n'êtes membre d'aucun cabinet." }, { status: 403, statusText: 'Forbidden' });
    await settle(fixture);
    expect(page.querySelector('[role="alert"]')?.textContent).toContain("Vous n'êtes membre d'aucun cabinet.");
  });
});
