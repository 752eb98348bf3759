import {
  DEPARTEMENT_CODES,
  DEPARTEMENTS,
  departementName,
  departementOfCommuneInsee,
  departementOfPostcode,
  isDepartementCode,
} from './departements';

describe('départements', () => {
  it('lists exactly the 101 départements, with 2A/2B and no "20"', () => {
    expect(DEPARTEMENT_CODES).toHaveLength(101);
    expect(new Set(DEPARTEMENT_CODES).size).toBe(101);
    expect(DEPARTEMENT_CODES).toContain('2A');
    expect(DEPARTEMENT_CODES).toContain('2B');
    expect(DEPARTEMENT_CODES).not.toContain('20');
    expect(DEPARTEMENT_CODES).not.toContain('975');
    expect(DEPARTEMENT_CODES.filter((c) => c.startsWith('97'))).toEqual([
      '971',
      '972',
      '973',
      '974',
      '976',
    ]);
    for (const code of DEPARTEMENT_CODES) {
      expect(DEPARTEMENTS[code].length).toBeGreaterThan(0);
    }
  });

  it('keeps the conventional order', () => {
    expect(DEPARTEMENT_CODES.slice(17, 22)).toEqual([
      '18',
      '19',
      '2A',
      '2B',
      '21',
    ]);
    expect(DEPARTEMENT_CODES.at(-1)).toBe('976');
  });

  it('names départements in French', () => {
    expect(departementName('75')).toBe('Paris');
    expect(departementName('2A')).toBe('Corse-du-Sud');
    expect(departementName('974')).toBe('La Réunion');
  });

  it('recognises codes exactly', () => {
    expect(isDepartementCode('01')).toBe(true);
    expect(isDepartementCode('2B')).toBe(true);
    expect(isDepartementCode('976')).toBe(true);
    for (const bad of [
      '1',
      '2a',
      '20',
      '96',
      '00',
      '975',
      '977',
      '98',
      '',
      ' 75',
      'toString',
    ]) {
      expect(isDepartementCode(bad)).toBe(false);
    }
  });

  describe('departementOfPostcode', () => {
    it.each([
      ['01000', '01'],
      ['75001', '75'],
      ['75116', '75'],
      ['13385', '13'],
      ['69007', '69'],
      ['95000', '95'],
      ['20000', '2A'],
      ['20167', '2A'],
      ['20200', '2B'],
      ['20600', '2B'],
      ['97100', '971'],
      ['97200', '972'],
      ['97300', '973'],
      ['97400', '974'],
      ['97600', '976'],
      [' 33000 ', '33'],
    ])('%s → %s', (postcode, expected) => {
      expect(departementOfPostcode(postcode)).toBe(expected);
    });

    it.each([
      ['97133', 'Saint-Barthélemy'],
      ['97150', 'Saint-Martin'],
      ['97500', 'Saint-Pierre-et-Miquelon'],
      ['97700', '977'],
      ['97800', '978'],
      ['98000', 'Monaco'],
      ['98800', 'Nouvelle-Calédonie'],
      ['96000', 'no 96'],
      ['00100', 'no 00'],
      ['20300', 'unused Corsican prefix'],
      ['7500', 'four digits'],
      ['750011', 'six digits'],
      ['7500A', 'letter'],
      ['', 'empty'],
    ])('%s (%s) → null', (postcode) => {
      expect(departementOfPostcode(postcode)).toBeNull();
    });
  });

  describe('departementOfCommuneInsee', () => {
    it.each([
      ['75056', '75'],
      ['2A004', '2A'],
      ['2b033', '2B'],
      ['97411', '974'],
      ['97611', '976'],
      ['01053', '01'],
    ])('%s → %s', (code, expected) => {
      expect(departementOfCommuneInsee(code)).toBe(expected);
    });

    it.each(['97701', '97801', '98735', '20004', '7505', ''])(
      '%s → null',
      (code) => {
        expect(departementOfCommuneInsee(code)).toBeNull();
      },
    );
  });
});
