import { isSlotConflict } from './appointment.repository';

describe('isSlotConflict', () => {
  it('recognises every way PostgreSQL (through Prisma) says a slot was taken', () => {
    expect(isSlotConflict({ code: 'P2010', meta: { code: '23P01', message: 'conflicting key value violates exclusion constraint "Appointment_no_overlap"' } })).toBe(true);
    expect(isSlotConflict({ code: 'P2034', message: 'Transaction failed due to a write conflict or a deadlock. Please retry your transaction' })).toBe(true);
    expect(isSlotConflict({ name: 'DriverAdapterError', cause: { originalCode: '40P01' } })).toBe(true);
    expect(isSlotConflict({ code: 'P2002', meta: { driverAdapterError: { cause: { originalCode: '23505' } } } })).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isSlotConflict(new Error('connection terminated'))).toBe(false);
    expect(isSlotConflict({ code: 'P2003', meta: { code: '23503' } })).toBe(false);
    expect(isSlotConflict(null)).toBe(false);
  });
});
