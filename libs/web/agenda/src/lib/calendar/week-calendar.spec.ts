import { TestBed } from '@angular/core/testing';
import { AppointmentView, CalendarView } from '@passerelle/shared/contracts';
import { buildWeekGrid } from './calendar-grid';
import { WeekCalendar } from './week-calendar';

const booked: AppointmentView = {
  id: 'a',
  practitionerId: 'p',
  placeId: 'pl',
  patientId: 'pa',
  patientName: 'Marie DURAND',
  motifLabel: 'Consultation',
  consultationType: 'CABINET',
  start: '2026-03-02T08:00:00.000Z',
  end: '2026-03-02T08:30:00.000Z',
  status: 'BOOKED',
  channel: 'REGULATOR',
  paymentStatus: null,
  bookedBy: null,
  statusChangedBy: null,
};

const view: CalendarView = {
  practitionerId: 'p',
  from: '2026-03-01T23:00:00.000Z',
  to: '2026-03-08T23:00:00.000Z',
  slotMinutes: 30,
  appointments: [booked],
  blocks: [{ id: 'b', kind: 'PUBLIC_HOLIDAY', label: 'Fête', startsAt: '2026-03-03T23:00:00.000Z', endsAt: '2026-03-04T23:00:00.000Z', waived: false }],
  freeSlots: [
    { practitionerId: 'p', start: '2026-03-02T08:30:00.000Z', end: '2026-03-02T09:00:00.000Z', placeId: 'pl', consultationTypes: ['CABINET'], motifIds: [], visibility: ['PUBLIC', 'SNP'] },
  ],
};

describe('WeekCalendar', () => {
  function render() {
    const fixture = TestBed.createComponent(WeekCalendar);
    const grid = buildWeekGrid(view, '2026-03-02', 7, [{ weekday: 1, startMinute: 540, endMinute: 630 }], '2026-03-02');
    fixture.componentRef.setInput('grid', grid);
    fixture.componentRef.setInput('caption', 'Agenda, semaine du lundi 2 mars');
    fixture.detectChanges();
    return { fixture, table: fixture.nativeElement.querySelector('table') as HTMLTableElement };
  }

  it('is a table with day and time headers', () => {
    const { table } = render();
    expect(table.querySelector('caption')?.textContent).toBe('Agenda, semaine du lundi 2 mars');
    const days = Array.from(table.querySelectorAll('thead th[scope="col"]')).slice(1);
    expect(days.map((th) => th.querySelector('.visually-hidden')?.textContent?.trim())).toEqual([
      "lundi 2 mars (aujourd'hui)",
      'mardi 3 mars',
      'mercredi 4 mars',
      'jeudi 5 mars',
      'vendredi 6 mars',
      'samedi 7 mars',
      'dimanche 8 mars',
    ]);
    expect(Array.from(table.querySelectorAll('tbody th[scope="row"]')).map((th) => th.textContent?.trim())).toEqual(['09:00', '09:30', '10:00']);
  });

  it('says what each cell holds in words, not by colour only', () => {
    const { table } = render();
    const [first, second, third] = Array.from(table.querySelectorAll('tbody tr'));
    const text = (cell: Element | undefined) => cell?.textContent?.replace(/\s+/g, ' ').trim();
    expect(text(first.querySelectorAll('td')[0])).toBe('Marie DURAND, Consultation, lundi 2 mars à 09:00, Réservé, SAS');
    expect(first.querySelectorAll('td')[0].className).toContain('cell--booked');
    expect(text(second.querySelectorAll('td')[0])).toBe('Libre — lundi 2 mars à 09:30, SNP (soins non programmés)');
    expect(text(first.querySelectorAll('td')[2])).toBe('Jour férié : Fête');
    expect(text(second.querySelectorAll('td')[2])).toBe('⋮Jour férié : Fête (suite)');
    expect(text(third.querySelectorAll('td')[0])).toBe('—Pas de créneau');
  });

  it('tells which free slot or appointment was chosen', () => {
    const { fixture, table } = render();
    const slots = jest.fn();
    const appointments = jest.fn();
    fixture.componentInstance.slotSelected.subscribe(slots);
    fixture.componentInstance.appointmentSelected.subscribe(appointments);
    const buttons = table.querySelectorAll<HTMLButtonElement>('button');
    buttons[0].click();
    buttons[1].click();
    expect(appointments).toHaveBeenCalledWith(booked);
    expect(slots).toHaveBeenCalledWith(view.freeSlots[0]);
  });
});
