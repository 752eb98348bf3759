import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  AGENDA_ROUTES,
  AgendaSettingsView,
  AppointmentView,
  MotifView,
  PracticeMemberView,
  SessionView,
} from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { OpeningHoursPage } from './opening-hours-page';

const PRACTITIONER = '11111111-1111-4111-8111-111111111111';
const PLACE = '22222222-2222-4222-8222-222222222222';

const session: SessionView = {
  account: { id: 'acc-claire', email: 'claire@example.fr', displayName: 'Dr Claire Martin', role: 'PRACTITIONER', mfaEnabled: true },
  stage: 'authenticated',
  idleExpiresAt: '2030-01-01T00:00:00.000Z',
  absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
};

const members: PracticeMemberView[] = [
  { accountId: 'acc-claire', displayName: 'Dr Claire Martin', email: 'claire@example.fr', role: 'PRACTITIONER', since: '2026-01-01T00:00:00.000Z', practitionerId: PRACTITIONER },
];

function settings(ranges: AgendaSettingsView['ranges'] = []): AgendaSettingsView {
  return {
    practitionerId: PRACTITIONER,
    displayName: 'Dr Claire Martin',
    slotMinutes: 15,
    horizonDays: 90,
    motifEntryMode: 'FREE',
    onlineBookingMode: 'OPEN',
    patientCancelCutoffHours: 24,
    acceptsNewPatients: true,
    sasParticipation: true,
    extraIdentityFields: [],
    places: [{ id: PLACE, name: 'Cabinet', addressLine: '12 rue des Tilleuls', postcode: '69003', commune: 'Lyon', departement: '69' }],
    ranges,
  };
}

const MONDAY_MORNING = { id: 'r1', placeId: PLACE, weekday: 1, startMinute: 540, endMinute: 720, consultationTypes: ['CABINET' as const] };

/** Lets the page's async handlers resume after HTTP answers, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

describe('OpeningHoursPage', () => {
  async function render(existing: AgendaSettingsView['ranges'], motifs: MotifView[] = []) {
    TestBed.configureTestingModule({
      imports: [OpeningHoursPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.inject(SessionStore).establish(session);
    const fixture = TestBed.createComponent(OpeningHoursPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne(AGENDA_ROUTES.members).flush(members);
    await settle(fixture);
    http.expectOne(AGENDA_ROUTES.settings(PRACTITIONER)).flush(settings(existing));
    http.expectOne(AGENDA_ROUTES.motifs(PRACTITIONER)).flush(motifs);
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const day = (name: string) =>
      Array.from(page.querySelectorAll<HTMLFieldSetElement>('fieldset.day-hours')).find((f) => f.querySelector('legend')?.textContent?.trim() === name);
    const button = (root: ParentNode, text: string) =>
      Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim().startsWith(text));
    return { fixture, http, page, day, button };
  }

  it('shows the week day by day, the existing ranges filled in', async () => {
    const { page, day } = await render([MONDAY_MORNING]);
    expect(Array.from(page.querySelectorAll('fieldset.day-hours > legend')).map((l) => l.textContent?.trim())).toEqual([
      'Lundi',
      'Mardi',
      'Mercredi',
      'Jeudi',
      'Vendredi',
      'Samedi',
      'Dimanche',
    ]);
    const monday = day('Lundi');
    expect(monday?.querySelector<HTMLInputElement>('#range-0-start')?.value).toBe('09:00');
    expect(monday?.querySelector<HTMLInputElement>('#range-0-end')?.value).toBe('12:00');
    expect(monday?.querySelector<HTMLLabelElement>('label[for="range-0-start"]')?.textContent?.trim()).toBe('Début');
    expect(monday?.querySelector<HTMLLabelElement>('label[for="range-0-end"]')?.textContent?.trim()).toBe('Fin');
    expect(day('Mardi')?.textContent).toContain('Fermé');
  });

  it('shows the API field errors under the field concerned, and the message in an alert', async () => {
    const { fixture, http, page, day, button } = await render([MONDAY_MORNING]);
    button(day('Mardi') as HTMLElement, 'Ajouter une plage')?.click();
    await settle(fixture);
    button(page, 'Enregistrer les horaires')?.click();
    const request = http.expectOne(AGENDA_ROUTES.hours(PRACTITIONER));
    expect(request.request.method).toBe('PUT');
    expect(request.request.body.ranges).toEqual([
      { weekday: 1, placeId: PLACE, startMinute: 540, endMinute: 720, consultationTypes: ['CABINET'] },
      { weekday: 2, placeId: PLACE, startMinute: 540, endMinute: 780, consultationTypes: ['CABINET'] },
    ]);
    request.flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Heure de fin invalide.', fields: { 'ranges.1.endMinute': ['Heure de fin invalide.'] } },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);

    const end = page.querySelector<HTMLInputElement>('#range-1-end');
    expect(end?.getAttribute('aria-invalid')).toBe('true');
    const describedBy = end?.getAttribute('aria-describedby') ?? '';
    expect(page.querySelector(`#${describedBy}`)?.textContent).toContain('Heure de fin invalide.');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Heure de fin invalide.');
    expect(page.querySelector<HTMLInputElement>('#range-0-end')?.getAttribute('aria-invalid')).toBeNull();
  });

  it('refuses overlapping ranges of a day before asking the API', async () => {
    const { fixture, http, page, day, button } = await render([MONDAY_MORNING]);
    button(day('Lundi') as HTMLElement, 'Ajouter une plage')?.click();
    await settle(fixture);
    const start = page.querySelector<HTMLInputElement>('#range-1-start');
    if (!start) throw new Error('no new range');
    start.value = '11:00';
    start.dispatchEvent(new Event('input'));
    button(page, 'Enregistrer les horaires')?.click();
    await settle(fixture);
    http.expectNone(AGENDA_ROUTES.hours(PRACTITIONER));
    expect(page.querySelector('#range-1-error')?.textContent).toContain('Cette plage chevauche une autre plage du même jour.');
  });

  it('lists the booked appointments left outside the new hours, and places "Soins non programmés" on the ticked ranges', async () => {
    const { fixture, http, page, button } = await render([MONDAY_MORNING]);
    const snp = page.querySelector<HTMLInputElement>('#range-0-snp');
    expect(page.querySelector('label[for="range-0-snp"]')?.textContent?.trim()).toBe('Soins non programmés');
    snp?.click();
    button(page, 'Enregistrer les horaires')?.click();

    const conflict: AppointmentView = {
      id: 'a1',
      practitionerId: PRACTITIONER,
      placeId: PLACE,
      patientId: 'p1',
      patientName: 'Marie DURAND',
      motifLabel: 'Consultation',
      consultationType: 'CABINET',
      start: '2026-12-07T17:00:00.000Z',
      end: '2026-12-07T17:15:00.000Z',
      status: 'BOOKED',
      channel: 'PATIENT_ONLINE',
      paymentStatus: null,
      bookedBy: null,
      statusChangedBy: null,
    };
    http.expectOne(AGENDA_ROUTES.hours(PRACTITIONER)).flush({ settings: settings([MONDAY_MORNING]), conflicts: [conflict] });
    await settle(fixture);
    const motif = http.expectOne(AGENDA_ROUTES.motifs(PRACTITIONER));
    expect(motif.request.method).toBe('POST');
    expect(motif.request.body).toEqual({
      label: 'Soins non programmés',
      durationMinutes: 15,
      consultationTypes: ['CABINET'],
      openToNewPatients: true,
      bookableOnline: false,
      isSnp: true,
      ranges: [{ weekday: 1, startMinute: 540, endMinute: 720 }],
    });
    motif.flush({ id: 'm-snp', label: 'Soins non programmés', durationMinutes: 15, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: false, isSnp: true, requiresMobile: false, ranges: [{ weekday: 1, startMinute: 540, endMinute: 720 }] });
    await settle(fixture);

    const section = page.querySelector('[aria-labelledby="conflicts-title"]');
    expect(section?.querySelector('h2')?.textContent).toBe('Rendez-vous en dehors des nouveaux horaires');
    expect(section?.textContent).toContain('lundi 7 décembre 2026, 18:00 – 18:15');
    expect(section?.textContent).toContain('Marie DURAND');
    expect(section?.querySelector('a')?.getAttribute('href')).toBe('/cabinet?jour=2026-12-07&vue=jour');
    expect(page.querySelector('#hours-saved')?.textContent).toContain('1 rendez-vous est en dehors des nouveaux horaires');
  });
});
