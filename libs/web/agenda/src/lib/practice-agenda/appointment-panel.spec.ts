import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AGENDA_ROUTES, AppointmentView, SlotView } from '@passerelle/shared/contracts';
import { AppointmentPanel } from './appointment-panel';

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

const BOOKED: AppointmentView = {
  id: 'a1',
  practitionerId: 'pr',
  placeId: 'pl',
  patientId: 'pa',
  patientName: 'Marie DURAND',
  motifLabel: 'Consultation',
  consultationType: 'VIDEO',
  start: '2026-03-02T08:00:00.000Z',
  end: '2026-03-02T08:15:00.000Z',
  status: 'BOOKED',
  channel: 'PATIENT_ONLINE',
  paymentStatus: null,
  bookedBy: null,
  statusChangedBy: null,
};

const slot = (start: string): SlotView => ({
  practitionerId: 'pr',
  start,
  end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
  placeId: 'pl',
  consultationTypes: ['CABINET', 'VIDEO'],
  motifIds: [],
  visibility: ['PUBLIC'],
});

describe('AppointmentPanel', () => {
  function render(appointment = BOOKED, freeSlots: SlotView[] = []) {
    TestBed.configureTestingModule({
      imports: [AppointmentPanel],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(AppointmentPanel);
    fixture.componentRef.setInput('appointment', appointment);
    fixture.componentRef.setInput('freeSlots', freeSlots);
    fixture.detectChanges();
    const page: HTMLElement = fixture.nativeElement;
    const button = (text: string) => Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === text);
    const changed = jest.fn();
    fixture.componentInstance.changed.subscribe(changed);
    return { fixture, page, button, changed, http: TestBed.inject(HttpTestingController) };
  }

  it('says in words when a past video visit is unpaid, and offers the payment action', () => {
    const { page, button } = render();
    expect(page.querySelector('.unpaid')?.textContent).toBe('Impayée');
    expect(button('Marquer payée')).toBeDefined();
    expect(page.querySelector('a')?.getAttribute('href')).toBe('/cabinet/patients/pa');
  });

  it('marks a no-show ("absence injustifiée") and tells the calendar', async () => {
    const { fixture, page, button, changed, http } = render();
    button('Marquer absence injustifiée')?.click();
    const updated = { ...BOOKED, status: 'NO_SHOW' as const };
    http.expectOne(AGENDA_ROUTES.appointment('a1', 'no-show')).flush(updated);
    await settle(fixture);
    expect(changed).toHaveBeenCalledWith(updated);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Absence injustifiée enregistrée.');
  });

  it('offers the free slots of a 409 when moving to a slot just taken', async () => {
    const { fixture, page, button, http } = render(BOOKED, [slot('2030-01-07T08:00:00.000Z')]);
    button('Déplacer')?.click();
    await settle(fixture);
    const select = page.querySelector<HTMLSelectElement>('#move-to');
    if (!select) throw new Error('no slot select');
    select.value = '2030-01-07T08:00:00.000Z';
    select.dispatchEvent(new Event('change'));
    button('Confirmer le déplacement')?.click();
    const move = http.expectOne(AGENDA_ROUTES.appointment('a1', 'move'));
    expect(move.request.body).toEqual({ start: '2030-01-07T08:00:00.000Z' });
    move.flush(
      { statusCode: 409, code: 'SLOT_TAKEN', message: 'Ce créneau vient d’être réservé.', alternatives: [slot('2030-01-07T08:15:00.000Z')] },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    const alert = page.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Ce créneau vient d’être réservé.');
    expect(alert?.querySelector('button')?.textContent?.trim()).toBe('Déplacer au lundi 7 janvier à 09:15');
  });
});
