import { AppointmentView, BlockView, CalendarView, SlotView } from '@passerelle/shared/contracts';
import { buildDayAgenda, buildWeekGrid } from './calendar-grid';

// Week of Monday 2 March 2026 (winter time: Paris = UTC+1).
const MONDAY = '2026-03-02';
const paris = (day: string, time: string) => new Date(`${day}T${time}:00+01:00`).toISOString();

function appointment(id: string, day: string, from: string, to: string, status: AppointmentView['status'], extra: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id,
    practitionerId: 'p1',
    placeId: 'pl1',
    patientId: `patient-${id}`,
    patientName: `Patient ${id}`,
    motifLabel: 'Consultation',
    consultationType: 'CABINET',
    start: paris(day, from),
    end: paris(day, to),
    status,
    channel: 'PRACTICE',
    paymentStatus: null,
    bookedBy: null,
    statusChangedBy: null,
    ...extra,
  };
}

function slot(day: string, from: string, to: string, visibility: SlotView['visibility'] = ['PUBLIC']): SlotView {
  return { practitionerId: 'p1', start: paris(day, from), end: paris(day, to), placeId: 'pl1', consultationTypes: ['CABINET'], motifIds: [], visibility };
}

function block(id: string, day: string, from: string, toDay: string, to: string, waived = false): BlockView {
  return { id, kind: 'HOLIDAY', label: 'Congés', startsAt: paris(day, from), endsAt: paris(toDay, to), waived };
}

function calendar(parts: Partial<CalendarView>): CalendarView {
  return { practitionerId: 'p1', from: paris(MONDAY, '00:00'), to: paris('2026-03-09', '00:00'), slotMinutes: 30, appointments: [], blocks: [], freeSlots: [], ...parts };
}

const HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 12 * 60 }));

describe('buildWeekGrid', () => {
  it('has a column per day and a row per slot from the earliest to the latest opening hour', () => {
    const grid = buildWeekGrid(calendar({}), MONDAY, 7, HOURS, '2026-03-04');
    expect(grid.days.map((d) => d.key)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(grid.days[0].label).toBe('lundi 2 mars');
    expect(grid.days.filter((d) => d.isToday).map((d) => d.key)).toEqual(['2026-03-04']);
    expect(grid.rows.map((r) => r.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(grid.rows[0].cells[0].start).toBe('2026-03-02T08:00:00.000Z');
    expect(grid.rows.every((r) => r.cells.every((c) => c.state === 'empty'))).toBe(true);
  });

  it('is empty without hours, appointments or slots', () => {
    expect(buildWeekGrid(calendar({}), MONDAY, 7, [], MONDAY).rows).toEqual([]);
  });

  it('colours each cell by what it holds, live appointments first', () => {
    const view = calendar({
      appointments: [
        appointment('a', MONDAY, '09:00', '10:00', 'BOOKED'),
        appointment('b', '2026-03-03', '09:30', '10:00', 'DONE'),
        appointment('c', '2026-03-04', '10:00', '10:30', 'NO_SHOW'),
        appointment('d', '2026-03-05', '09:00', '09:30', 'CANCELLED'),
        appointment('e', '2026-03-06', '09:00', '09:30', 'CANCELLED'),
        appointment('f', '2026-03-06', '09:00', '09:30', 'BOOKED', { channel: 'REGULATOR' }),
      ],
      freeSlots: [slot('2026-03-05', '09:00', '09:30'), slot(MONDAY, '11:00', '11:30', ['SNP'])],
    });
    const grid = buildWeekGrid(view, MONDAY, 7, HOURS, MONDAY);
    const cell = (time: string, dayIndex: number) => grid.rows.find((r) => r.time === time)?.cells[dayIndex];

    expect(cell('09:00', 0)?.state).toBe('booked');
    expect(cell('09:00', 0)?.appointments[0].continuation).toBe(false);
    expect(cell('09:30', 0)?.state).toBe('booked');
    expect(cell('09:30', 0)?.appointments[0].continuation).toBe(true);
    expect(cell('10:00', 0)?.state).toBe('empty');
    expect(cell('09:30', 1)?.state).toBe('done');
    expect(cell('10:00', 2)?.state).toBe('no-show');
    // A cancelled appointment gives its slot back: free, the cancellation still listed.
    expect(cell('09:00', 3)?.state).toBe('free');
    expect(cell('09:00', 3)?.appointments.map((a) => a.appointment.id)).toEqual(['d']);
    // A live appointment wins over a cancelled one at the same time.
    expect(cell('09:00', 4)?.state).toBe('booked');
    expect(cell('09:00', 4)?.appointments.map((a) => [a.appointment.id, a.sas])).toEqual([['f', true], ['e', false]]);
    expect(cell('11:00', 0)?.state).toBe('free');
    expect(cell('11:00', 0)?.snp).toBe(true);
  });

  it('shows a cancelled appointment in the past (no free slot left) as cancelled', () => {
    const view = calendar({ appointments: [appointment('x', MONDAY, '09:00', '09:30', 'CANCELLED')] });
    expect(buildWeekGrid(view, MONDAY, 7, HOURS, MONDAY).rows[0].cells[0].state).toBe('cancelled');
  });

  it('marks blocked periods, except waived public holidays', () => {
    const view = calendar({
      blocks: [block('k', '2026-03-03', '00:00', '2026-03-04', '00:00'), block('w', '2026-03-05', '00:00', '2026-03-06', '00:00', true)],
    });
    const grid = buildWeekGrid(view, MONDAY, 7, HOURS, MONDAY);
    expect(grid.rows.every((r) => r.cells[1].state === 'blocked' && r.cells[1].block?.id === 'k')).toBe(true);
    expect(grid.rows.every((r) => r.cells[3].state === 'empty')).toBe(true);
  });

  it('stretches the rows to appointments outside the hours, and files off-grid times in the row they overlap', () => {
    const view = calendar({
      appointments: [appointment('late', '2026-03-04', '12:15', '12:45', 'BOOKED')],
      freeSlots: [slot(MONDAY, '09:45', '10:15')],
    });
    const grid = buildWeekGrid(view, MONDAY, 7, HOURS, MONDAY);
    expect(grid.rows.map((r) => r.time).slice(-2)).toEqual(['12:00', '12:30']);
    expect(grid.rows.find((r) => r.time === '12:00')?.cells[2].state).toBe('booked');
    expect(grid.rows.find((r) => r.time === '12:30')?.cells[2].appointments[0].continuation).toBe(true);
    expect(grid.rows.find((r) => r.time === '09:30')?.cells[0].freeSlots).toHaveLength(1);
  });

  it('keeps Paris hours across the change to summer time', () => {
    // Sunday 29 March 2026 the clocks go forward: Monday 30 is UTC+2.
    const view = calendar({ slotMinutes: 60 });
    const grid = buildWeekGrid(view, '2026-03-30', 1, [{ weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 }], '2026-03-30');
    expect(grid.rows[0].cells[0].start).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('buildDayAgenda', () => {
  it('lists the day in time order: blocks, appointments and free slots', () => {
    const view = calendar({
      appointments: [appointment('a', MONDAY, '10:00', '10:30', 'BOOKED'), appointment('other-day', '2026-03-03', '09:00', '09:30', 'BOOKED')],
      freeSlots: [slot(MONDAY, '09:00', '09:30'), slot(MONDAY, '11:00', '11:30', ['PUBLIC', 'SNP'])],
      blocks: [block('k', MONDAY, '12:00', MONDAY, '14:00'), block('w', MONDAY, '00:00', '2026-03-03', '00:00', true)],
    });
    const entries = buildDayAgenda(view, MONDAY);
    expect(entries.map((e) => [e.kind, e.start])).toEqual([
      ['free', paris(MONDAY, '09:00')],
      ['appointment', paris(MONDAY, '10:00')],
      ['free', paris(MONDAY, '11:00')],
      ['block', paris(MONDAY, '12:00')],
    ]);
    expect(entries[2].kind === 'free' && entries[2].snp).toBe(true);
  });

  it('clips a block spanning several days to the day shown', () => {
    const view = calendar({ blocks: [block('k', MONDAY, '00:00', '2026-03-05', '00:00')] });
    const [entry] = buildDayAgenda(view, '2026-03-03');
    expect([entry.start, entry.end]).toEqual([paris('2026-03-03', '00:00'), paris('2026-03-04', '00:00')]);
  });
});
