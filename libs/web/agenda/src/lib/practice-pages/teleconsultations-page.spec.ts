import { AppointmentView } from '@passerelle/shared/contracts';
import { blockPeriodLabel } from '../settings/blocks-page';
import { isUnpaidPast } from './teleconsultations-page';

describe('teleconsultation payment follow-up', () => {
  const visit = (start: string, paymentStatus: AppointmentView['paymentStatus'], status: AppointmentView['status'] = 'DONE') =>
    ({ start, paymentStatus, status }) as AppointmentView;
  const now = Date.parse('2026-03-10T12:00:00.000Z');

  it('flags past visits not paid, never future, paid or cancelled ones', () => {
    expect(isUnpaidPast(visit('2026-03-09T08:00:00.000Z', null), now)).toBe(true);
    expect(isUnpaidPast(visit('2026-03-09T08:00:00.000Z', 'UNPAID'), now)).toBe(true);
    expect(isUnpaidPast(visit('2026-03-09T08:00:00.000Z', 'PAID'), now)).toBe(false);
    expect(isUnpaidPast(visit('2026-03-11T08:00:00.000Z', null, 'BOOKED'), now)).toBe(false);
    expect(isUnpaidPast(visit('2026-03-09T08:00:00.000Z', null, 'CANCELLED'), now)).toBe(false);
  });
});

describe('blockPeriodLabel', () => {
  it('names whole days by their dates, other periods with their times (Paris)', () => {
    expect(blockPeriodLabel({ startsAt: '2026-12-24T23:00:00.000Z', endsAt: '2026-12-25T23:00:00.000Z' })).toBe('vendredi 25 décembre 2026');
    expect(blockPeriodLabel({ startsAt: '2026-07-31T22:00:00.000Z', endsAt: '2026-08-15T22:00:00.000Z' })).toBe(
      'du samedi 1 août 2026 au samedi 15 août 2026',
    );
    expect(blockPeriodLabel({ startsAt: '2026-03-02T13:00:00.000Z', endsAt: '2026-03-02T15:30:00.000Z' })).toBe(
      'du lundi 2 mars 2026 à 14:00 au lundi 2 mars 2026 à 16:30',
    );
  });
});
