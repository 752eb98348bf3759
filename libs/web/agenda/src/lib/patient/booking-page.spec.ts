import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AGENDA_ROUTES, BookingPageView, MotifView, SessionView, SlotView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { BookingPage } from './booking-page';

const PRACTITIONER = '11111111-1111-4111-8111-111111111111';
const MOTIF: MotifView = {
  id: '33333333-3333-4333-8333-333333333333',
  label: 'Consultation',
  durationMinutes: 15,
  consultationTypes: ['CABINET', 'VIDEO'],
  openToNewPatients: true,
  bookableOnline: true,
  isSnp: false,
  requiresMobile: false,
  ranges: [],
};

/** Free slots tomorrow at 09:00 and 09:15 (whatever today is). */
function slotsTomorrow(): SlotView[] {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return ['09:00', '09:15'].map((time) => {
    const start = new Date(`${tomorrow}T${time}:00Z`);
    return {
      practitionerId: PRACTITIONER,
      start: start.toISOString(),
      end: new Date(start.getTime() + 15 * 60_000).toISOString(),
      placeId: 'pl',
      consultationTypes: ['CABINET', 'VIDEO'],
      motifIds: [MOTIF.id],
      visibility: ['PUBLIC'],
    };
  });
}

function bookingPage(parts: Partial<BookingPageView> = {}): BookingPageView {
  return {
    practitionerId: PRACTITIONER,
    displayName: 'Dr Claire Martin',
    specialtyLabel: 'Médecine générale',
    addressLine: '12 rue des Tilleuls',
    postcode: '69003',
    commune: 'Lyon',
    motifEntryMode: 'LIST',
    motifs: [MOTIF],
    slots: slotsTomorrow(),
    bookingClosedReason: null,
    ...parts,
  };
}

const patientSession: SessionView = {
  account: { id: 'acc-marie', email: 'marie@example.fr', displayName: 'Marie Durand', role: 'PATIENT', mfaEnabled: false },
  stage: 'authenticated',
  idleExpiresAt: '2030-01-01T00:00:00.000Z',
  absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
};

async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
  }
}

describe('BookingPage', () => {
  async function render(page: BookingPageView, session: SessionView | null, url = `/rendez-vous/${PRACTITIONER}`) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'rendez-vous/:practitionerId', component: BookingPage },
          { path: 'connexion', children: [] },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    if (session) {
      TestBed.inject(SessionStore).establish(session);
    }
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    await new Promise((resolve) => setTimeout(resolve));
    const request: TestRequest = http.expectOne((r) => r.url === AGENDA_ROUTES.bookingPage(PRACTITIONER));
    request.flush(page);
    await navigation;
    await settle(harness);
    const root: HTMLElement = harness.routeNativeElement as HTMLElement;
    const button = (text: string) => Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim().startsWith(text));
    return { harness, http, root, button, request };
  }

  async function chooseFirstSlot(harness: RouterTestingHarness, root: HTMLElement): Promise<void> {
    if (!root.querySelector<HTMLInputElement>('input[type="radio"]:checked')) {
      root.querySelector<HTMLInputElement>('#booking-type-CABINET')?.click();
      await settle(harness);
    }
    const motif = root.querySelector<HTMLSelectElement>('#booking-motif');
    if (!motif) throw new Error('no motif select');
    motif.value = MOTIF.id;
    motif.dispatchEvent(new Event('change'));
    await settle(harness);
    root.querySelector<HTMLButtonElement>('.slot-button')?.click();
    await settle(harness);
  }

  it('asks the API for the next 7 days and shows why online booking is closed', async () => {
    const reason = 'Ce cabinet réserve la prise de rendez-vous en ligne à ses patients enregistrés. Contactez le secrétariat.';
    const { root, request } = await render(bookingPage({ bookingClosedReason: reason, slots: [] }), null);
    const from = Date.parse(request.request.params.get('from') ?? '');
    const to = Date.parse(request.request.params.get('to') ?? '');
    expect(Math.round((to - from) / 86_400_000)).toBe(7);
    expect(root.querySelector('h1')?.textContent).toContain('Dr Claire Martin');
    expect(root.textContent).toContain(reason);
    expect(root.querySelector('#booking-confirm')).toBeNull();
  });

  it('sends a visitor to the login, to come back to the same choices', async () => {
    const { harness, root, button } = await render(bookingPage(), null);
    await chooseFirstSlot(harness, root);
    const store = TestBed.inject(SessionStore);
    const remember = jest.spyOn(store, 'rememberReturnUrl');
    button('Se connecter pour confirmer')?.click();
    await settle(harness);
    expect(remember).toHaveBeenCalledWith(expect.stringMatching(/^\/rendez-vous\/.+type=CABINET.*motif=.+debut=/));
    expect(TestBed.inject(Router).url).toBe('/connexion');
  });

  it('books the slot chosen, with the motif of the list', async () => {
    const { harness, http, root, button } = await render(bookingPage(), patientSession);
    await chooseFirstSlot(harness, root);
    button('Confirmer le rendez-vous')?.click();
    const booking = http.expectOne(AGENDA_ROUTES.appointments(PRACTITIONER));
    expect(booking.request.body).toEqual({ start: slotsTomorrow()[0].start, consultationType: 'CABINET', motifId: MOTIF.id });
  });

  it('offers the alternatives of a 409 "slot taken" as buttons', async () => {
    const { harness, http, root, button } = await render(bookingPage(), patientSession);
    await chooseFirstSlot(harness, root);
    button('Confirmer le rendez-vous')?.click();
    const [, next] = slotsTomorrow();
    http.expectOne(AGENDA_ROUTES.appointments(PRACTITIONER)).flush(
      { statusCode: 409, code: 'SLOT_TAKEN', message: 'Ce créneau vient d’être réservé par quelqu’un d’autre.', alternatives: [next] },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(harness);
    http.expectOne((r) => r.url === AGENDA_ROUTES.bookingPage(PRACTITIONER)).flush(bookingPage({ slots: [next] }));
    await settle(harness);

    const alert = root.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Ce créneau vient d’être réservé par quelqu’un d’autre.');
    const offered = Array.from(alert?.querySelectorAll('button') ?? []);
    expect(offered).toHaveLength(1);
    expect(offered[0].textContent).toMatch(/à \d\d:\d\d/);
  });

  it('asks for a mobile number for a video consultation', async () => {
    const { harness, http, root, button } = await render(bookingPage(), patientSession);
    const video = root.querySelector<HTMLInputElement>('#booking-type-VIDEO');
    video?.click();
    await settle(harness);
    await chooseFirstSlot(harness, root);
    button('Confirmer le rendez-vous')?.click();
    await settle(harness);
    http.expectNone(AGENDA_ROUTES.appointments(PRACTITIONER));
    const mobile = root.querySelector<HTMLInputElement>('#booking-mobile');
    expect(mobile?.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#booking-mobile-error')?.textContent).toContain('numéro de mobile');
  });
});
