import { readSearchPlace, UnknownSearchPlace } from './search-place';

describe('readSearchPlace', () => {
  it('reads a postcode as its département, keeping the postcode', () => {
    expect(readSearchPlace('69003')).toEqual({
      kind: 'postcode',
      postcode: '69003',
      departement: '69',
    });
    expect(readSearchPlace(' 20200 ')).toEqual({
      kind: 'postcode',
      postcode: '20200',
      departement: '2B',
    });
    expect(readSearchPlace('97400').kind).toBe('postcode');
    // A spreadsheet dropped the leading zero.
    expect(readSearchPlace('1000')).toEqual({
      kind: 'postcode',
      postcode: '01000',
      departement: '01',
    });
  });

  it('refuses a postcode outside the départements', () => {
    expect(() => readSearchPlace('98000')).toThrow(UnknownSearchPlace);
    expect(() => readSearchPlace('97133')).toThrow(/aucun département/);
  });

  it('reads département codes, leniently on case and the leading zero', () => {
    expect(readSearchPlace('69')).toEqual({
      kind: 'departement',
      departement: '69',
    });
    expect(readSearchPlace('2a')).toEqual({
      kind: 'departement',
      departement: '2A',
    });
    expect(readSearchPlace('1')).toEqual({
      kind: 'departement',
      departement: '01',
    });
    expect(readSearchPlace('974')).toEqual({
      kind: 'departement',
      departement: '974',
    });
  });

  it('refuses codes that look like a département but are none', () => {
    for (const code of ['20', '975', '00', '96', '999']) {
      expect(() => readSearchPlace(code)).toThrow(/n’existe pas/);
    }
  });

  it('takes anything else for a commune name', () => {
    expect(readSearchPlace('  Saint-Étienne ')).toEqual({
      kind: 'commune',
      name: 'Saint-Étienne',
    });
  });

  it('refuses an empty place', () => {
    expect(() => readSearchPlace('   ')).toThrow(UnknownSearchPlace);
  });
});
