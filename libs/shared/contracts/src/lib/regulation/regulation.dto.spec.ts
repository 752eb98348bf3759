import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FRENCH_PHONE_PATTERN, isPastBirthDate, normalizeFrenchPhone } from '../identity/identity-fields';
import { isValidNir, SasPatientIdentityDto } from './regulation.dto';

describe('SAS funnel validation (French formats)', () => {
  it('accepts French phone numbers as people type them, and refuses the rest', () => {
    for (const ok of ['0645372653', '06 45 37 26 53', '06.45.37.26.53', '+33 6 45 37 26 53', '+33645372653', '0033645372653', '04 78 00 00 01', '+262 692 12 34 56']) {
      expect([ok, FRENCH_PHONE_PATTERN.test(ok)]).toEqual([ok, true]);
    }
    for (const bad of ['12345', '06 45 37 26', '00 45 37 26 53', '+44 7911 123456', '06453726531', 'zéro six', '']) {
      expect([bad, FRENCH_PHONE_PATTERN.test(bad)]).toEqual([bad, false]);
    }
    expect(normalizeFrenchPhone('+33 6 45 37 26 53')).toBe('0645372653');
    expect(normalizeFrenchPhone('06.45.37.26.53')).toBe('0645372653');
  });

  it('accepts a real past birth date only', () => {
    const today = new Date('2026-11-22T10:00:00Z');
    expect(isPastBirthDate('1952-11-21', today)).toBe(true);
    expect(isPastBirthDate('2026-11-22', today)).toBe(true);
    expect(isPastBirthDate('2026-11-23', today)).toBe(false);
    expect(isPastBirthDate('2001-02-29', today)).toBe(false);
    expect(isPastBirthDate('1899-12-31', today)).toBe(false);
    expect(isPastBirthDate('21/11/1952', today)).toBe(false);
  });

  it('checks the social security number key, Corsica included', () => {
    // Key = 97 − (number mod 97); for Corsica, 2A counts as 19 and 2B as 18.
    expect(isValidNir('1 85 05 78 006 084 91')).toBe(true);
    expect(isValidNir('185057800608490')).toBe(false);
    expect(isValidNir('2 69 05 2A 004 005 35')).toBe(true);
    expect(isValidNir('269052B00400535')).toBe(false);
    expect(isValidNir('abc')).toBe(false);
  });

  it('names each missing mandatory identity field', () => {
    const errors = validateSync(plainToInstance(SasPatientIdentityDto, { civility: 'MME' }));
    expect(errors.map((e) => e.property).sort()).toEqual(['birthDate', 'birthName', 'firstName', 'lastName', 'phone']);
  });
});
