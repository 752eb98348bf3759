import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AGENDA_ROUTES, MotifView, PracticePatientView, SlotView } from '@passerelle/shared/contracts';
import { PracticeBookingForm } from './practice-booking-form';

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

const SLOT: SlotView = {
  practitionerId: 'pr',
  start: '2030-01-07T08:00:00.000Z',
  end: '2030-01-07T08:15:00.000Z',
  placeId: 'pl',
  consultationTypes: ['CABINET', 'VIDEO'],
  motifIds: ['m1'],
  visibility: ['PUBLIC'],
};

const MOTIF: MotifView = {
  id: 'm1',
  label: 'Consultation',
  durationMinutes: 15,
  consultationTypes: ['CABINET', 'VIDEO'],
  openToNewPatients: true,
  bookableOnline: true,
  isSnp: false,
  requiresMobile: false,
  ranges: [],
};

const patient = (id: string, birthName: string, phone: string | null): PracticePatientView => ({
  patient: { id, birthName, usedName: null, firstNames: 'Marie', usedFirstName: null, birthDate: '1952-11-21', sex: 'F', birthPlaceInsee: null, birthCountryInsee: null, phone, email: null, identityStatus: 'QUALIFIED' },
  practitionerId: 'pr',
  since: '2026-01-01T00:00:00.000Z',
  source: 'APPOINTMENT',
});

describe('PracticeBookingForm', () => {
  async function render() {
    TestBed.configureTestingModule({ imports: [PracticeBookingForm], providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(PracticeBookingForm);
    fixture.componentRef.setInput('practitionerId', 'pr');
    fixture.componentRef.setInput('slot', SLOT);
    fixture.componentRef.setInput('motifs', [MOTIF]);
    fixture.componentRef.setInput('motifEntryMode', 'LIST');
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    // The same patient followed by two practitioners is listed once.
    http.expectOne('/api/practice/patients').flush([patient('p1', 'DURAND', '+33645372653'), patient('p1', 'DURAND', '+33645372653'), patient('p2', 'PETIT', null)]);
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const select = (id: string, value: string) => {
      const element = page.querySelector<HTMLSelectElement>(id);
      if (!element) throw new Error(`no ${id}`);
      element.value = value;
      element.dispatchEvent(new Event('change'));
    };
    const submit = () => page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    return { fixture, http, page, select, submit };
  }

  it('lists each practice patient once and books the slot for the one chosen, with the mobile for a video', async () => {
    const { fixture, http, page, select, submit } = await render();
    expect(Array.from(page.querySelectorAll('#booking-patient option')).map((o) => o.textContent?.trim())).toEqual([
      'Choisir un patient…',
      'DURAND Marie (né·e le 21/11/1952)',
      'PETIT Marie (né·e le 21/11/1952)',
    ]);
    select('#booking-patient', 'p1');
    page.querySelector<HTMLInputElement>('#booking-type-VIDEO')?.click();
    await settle(fixture);
    select('#booking-motif', 'm1');
    await settle(fixture);
    expect(page.querySelector<HTMLInputElement>('#booking-mobile')?.value).toBe('+33645372653');
    submit();
    const request = http.expectOne(AGENDA_ROUTES.appointments('pr'));
    expect(request.request.body).toEqual({
      start: SLOT.start,
      consultationType: 'VIDEO',
      patientId: 'p1',
      motifId: 'm1',
      patientMobile: '+33645372653',
    });
  });

  it('shows the API refusal under the field it concerns', async () => {
    const { fixture, http, page, select, submit } = await render();
    select('#booking-patient', 'p2');
    select('#booking-motif', 'm1');
    await settle(fixture);
    submit();
    http.expectOne(AGENDA_ROUTES.appointments('pr')).flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Motif inconnu pour ce praticien.', fields: { motifId: ['Motif inconnu.'] } },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(page.querySelector('#booking-motif')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#booking-motif-error')?.textContent).toContain('Motif inconnu.');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Motif inconnu pour ce praticien.');
  });
});
