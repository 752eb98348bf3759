import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AGENDA_ROUTES, AppointmentView } from '@passerelle/shared/contracts';
import { PatientHomePage } from './patient-home-page';

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function appointment(id: string, start: string, status: AppointmentView['status'] = 'BOOKED'): AppointmentView {
  return {
    id,
    practitionerId: 'pr-1',
    placeId: 'pl',
    patientId: 'me',
    patientName: 'Marie DURAND',
    motifLabel: 'Consultation',
    consultationType: 'CABINET',
    start,
    end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
    status,
    channel: 'PATIENT_ONLINE',
    paymentStatus: null,
    bookedBy: null,
    statusChangedBy: null,
  };
}

describe('PatientHomePage', () => {
  async function render(list: AppointmentView[]) {
    TestBed.configureTestingModule({
      imports: [PatientHomePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(PatientHomePage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne(AGENDA_ROUTES.myAppointments).flush(list);
    await settle(fixture);
    http.match((r) => r.url === AGENDA_ROUTES.bookingPage('pr-1')).forEach((r) =>
      r.flush({ practitionerId: 'pr-1', displayName: 'Dr Claire Martin', specialtyLabel: 'Médecine générale', addressLine: '12 rue des Tilleuls', postcode: '69003', commune: 'Lyon', motifEntryMode: 'FREE', motifs: [], slots: [], bookingClosedReason: null }),
    );
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const button = (text: string) => Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim().startsWith(text));
    return { fixture, http, page, button };
  }

  it('lists upcoming appointments with the practitioner, and the past ones apart', async () => {
    const { page } = await render([appointment('soon', inDays(3)), appointment('old', inDays(-10), 'NO_SHOW')]);
    expect(page.querySelector('h1')?.textContent).toBe('Mon espace patient');
    const lists = page.querySelectorAll('ul.card-list');
    expect(lists[0].textContent).toContain('Dr Claire Martin — Consultation');
    expect(lists[1].textContent).toContain('Absence injustifiée');
  });

  it('cancels after a confirmation', async () => {
    const { fixture, http, page, button } = await render([appointment('soon', inDays(3))]);
    button('Annuler le rendez-vous')?.click();
    await settle(fixture);
    button('Confirmer l’annulation')?.click();
    const request = http.expectOne(AGENDA_ROUTES.appointment('soon', 'cancel'));
    request.flush(appointment('soon', inDays(3), 'CANCELLED'));
    await settle(fixture);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('annulé');
    expect(page.querySelectorAll('ul.card-list')[0]?.textContent).toContain('Annulé');
  });

  it('shows the French refusal of the API after the practice’s cut-off', async () => {
    const { fixture, http, page, button } = await render([appointment('tomorrow', inDays(1))]);
    button('Annuler le rendez-vous')?.click();
    await settle(fixture);
    button('Confirmer l’annulation')?.click();
    const refusal = 'Ce rendez-vous ne peut plus être annulé en ligne (moins de 48 h avant) : contactez le cabinet.';
    http
      .expectOne(AGENDA_ROUTES.appointment('tomorrow', 'cancel'))
      .flush({ statusCode: 403, code: 'FORBIDDEN', message: refusal }, { status: 403, statusText: 'Forbidden' });
    await settle(fixture);
    expect(page.querySelector('[role="alert"]')?.textContent).toContain(refusal);
    expect(button('Annuler le rendez-vous')).toBeDefined();
  });
});
