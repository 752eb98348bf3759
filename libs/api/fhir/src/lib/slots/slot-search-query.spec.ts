import { parseFhirDateTime, parseSlotSearchQuery, rppsOfIdentifierToken } from './slot-search-query';

const ID = 'schedule.actor:Practitioner.identifier';
const now = new Date('2026-03-10T08:00:00.000Z');

describe('slot search parameters', () => {
  it('reads each offset exactly as sent, a decoded "+" (space) as "+", and no offset as Paris wall time', () => {
    expect(parseFhirDateTime('2026-03-10T10:00:00.000+00:00')?.instant.toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(parseFhirDateTime('2026-03-10T10:00:00.000 00:00')?.instant.toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(parseFhirDateTime('2026-03-10T10:00:00.000+02:00')?.instant.toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(parseFhirDateTime('2026-03-10T10:00:00-05:00')?.instant.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(parseFhirDateTime('2026-03-10T10:00:00')?.instant.toISOString()).toBe('2026-03-10T09:00:00.000Z'); // CET
    expect(parseFhirDateTime('2026-07-10T10:00:00')?.instant.toISOString()).toBe('2026-07-10T08:00:00.000Z'); // CEST
    expect(parseFhirDateTime('2026-03-10')).toEqual({ instant: new Date('2026-03-09T23:00:00.000Z'), dateOnly: true });
    for (const bad of ['2026-02-30T10:00:00', '2026-13-01', 'demain', '2026-03-10T25:00:00Z', '']) expect(parseFhirDateTime(bad)).toBeNull();
  });

  it('takes the RPPS with or without the IDNPS 8, only from the IDNPS system', () => {
    expect(rppsOfIdentifierToken('urn:oid:1.2.250.1.71.4.2.1|810101234567')).toBe('10101234567');
    expect(rppsOfIdentifierToken(' urn:oid:1.2.250.1.71.4.2.1|10101234567')).toBe('10101234567');
    expect(rppsOfIdentifierToken('810101234567')).toBe('10101234567');
    expect(rppsOfIdentifierToken('urn:oid:1.2.250.1.213.3.6|810101234567')).toBeNull();
    expect(rppsOfIdentifierToken('urn:oid:1.2.250.1.71.4.2.1|0123456789')).toBeNull();
  });

  it('ORs identifiers given with commas and repeated parameters, up to 25', () => {
    const q = parseSlotSearchQuery({ [ID]: ['urn:oid:1.2.250.1.71.4.2.1|810101234567, urn:oid:1.2.250.1.71.4.2.1|810101234568', '810101234569'] }, now);
    expect(q.rpps).toEqual(['10101234567', '10101234568', '10101234569']);
    const many = Array.from({ length: 26 }, (_, i) => `8${10101234500 + i}`).join(',');
    expect(() => parseSlotSearchQuery({ [ID]: many }, now)).toThrow('25 praticiens au plus');
    expect(() => parseSlotSearchQuery({}, now)).toThrow('obligatoire');
  });

  it('defaults to now … +72 h, narrows on repeated bounds, refuses inverted or over-long windows, and answers nothing for another status', () => {
    const d = parseSlotSearchQuery({ [ID]: '810101234567' }, now);
    expect([d.from, d.to]).toEqual([now, new Date(now.getTime() + 72 * 3_600_000)]);
    const w = parseSlotSearchQuery({ [ID]: '810101234567', start: ['ge2026-03-10T10:00:00.000+00:00', 'ge2026-03-10T12:00:00.000+00:00', 'le2026-03-12T23:59:59.000+00:00'] }, now);
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual(['2026-03-10T12:00:00.000Z', '2026-03-12T23:59:59.000Z']);
    expect(() => parseSlotSearchQuery({ [ID]: '810101234567', start: ['ge2026-03-12T00:00:00Z', 'le2026-03-11T00:00:00Z'] }, now)).toThrow('précède');
    expect(() => parseSlotSearchQuery({ [ID]: '810101234567', start: ['ge2026-03-01', 'le2026-05-01'] }, now)).toThrow('31 jours');
    expect(parseSlotSearchQuery({ [ID]: '810101234567', status: 'busy' }, now).freeOnly).toBe(false);
  });
});
