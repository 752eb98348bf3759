import {
  easterSunday,
  frenchPublicHolidays,
  isFrenchPublicHoliday,
} from './french-public-holidays';

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    // Extremes of the Gregorian range of Easter: 22 March and 25 April.
    [1818, '1818-03-22'],
    [2285, '2285-03-22'],
    [1943, '1943-04-25'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it.each([1582, 2024.5, Number.NaN, 10000])('refuses %s', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('frenchPublicHolidays', () => {
  it('gives the eleven national holidays of 2025 in date order', () => {
    expect(frenchPublicHolidays(2025)).toEqual([
      { date: '2025-01-01', name: "Jour de l'an" },
      { date: '2025-04-21', name: 'Lundi de Pâques' },
      { date: '2025-05-01', name: 'Fête du Travail' },
      { date: '2025-05-08', name: 'Victoire 1945' },
      { date: '2025-05-29', name: 'Ascension' },
      { date: '2025-06-09', name: 'Lundi de Pentecôte' },
      { date: '2025-07-14', name: 'Fête nationale' },
      { date: '2025-08-15', name: 'Assomption' },
      { date: '2025-11-01', name: 'Toussaint' },
      { date: '2025-11-11', name: 'Armistice 1918' },
      { date: '2025-12-25', name: 'Noël' },
    ]);
  });

  it.each([
    [2024, '2024-04-01', '2024-05-09', '2024-05-20'],
    [2026, '2026-04-06', '2026-05-14', '2026-05-25'],
    [2027, '2027-03-29', '2027-05-06', '2027-05-17'],
  ])(
    'places the movable feasts of %i',
    (year, easterMonday, ascension, whitMonday) => {
      const byName = new Map(
        frenchPublicHolidays(year).map((h) => [h.name, h.date]),
      );
      expect(byName.get('Lundi de Pâques')).toBe(easterMonday);
      expect(byName.get('Ascension')).toBe(ascension);
      expect(byName.get('Lundi de Pentecôte')).toBe(whitMonday);
    },
  );

  it('puts Ascension on a Thursday and the two Mondays on Mondays, every year', () => {
    for (let year = 1990; year <= 2100; year += 1) {
      const byName = new Map(
        frenchPublicHolidays(year).map((h) => [h.name, h.date]),
      );
      const weekday = (name: string) =>
        new Date(`${byName.get(name)}T00:00:00Z`).getUTCDay();
      expect(weekday('Lundi de Pâques')).toBe(1);
      expect(weekday('Ascension')).toBe(4);
      expect(weekday('Lundi de Pentecôte')).toBe(1);
    }
  });

  it('keeps both holidays when Ascension falls on 1 May (2008)', () => {
    const first = frenchPublicHolidays(2008).filter(
      (h) => h.date === '2008-05-01',
    );
    expect(first.map((h) => h.name).sort()).toEqual([
      'Ascension',
      'Fête du Travail',
    ]);
  });

  it('is the national list for a metropolitan département', () => {
    expect(frenchPublicHolidays(2026, '75')).toEqual(
      frenchPublicHolidays(2026),
    );
    expect(frenchPublicHolidays(2026, '2A')).toEqual(
      frenchPublicHolidays(2026),
    );
  });

  it.each(['57', '67', '68'])(
    'adds Good Friday and 26 December in Alsace-Moselle (%s)',
    (dep) => {
      const holidays = frenchPublicHolidays(2026, dep);
      expect(holidays).toHaveLength(13);
      expect(holidays).toContainEqual({
        date: '2026-04-03',
        name: 'Vendredi saint',
      });
      expect(holidays).toContainEqual({
        date: '2026-12-26',
        name: 'Saint-Étienne',
      });
      expect(holidays.map((h) => h.date)).toEqual(
        [...holidays.map((h) => h.date)].sort(),
      );
    },
  );

  it.each([
    ['971', '2026-05-27'],
    ['972', '2026-05-22'],
    ['973', '2026-06-10'],
    ['974', '2026-12-20'],
    ['976', '2026-04-27'],
  ])('adds the abolition of slavery in %s on %s', (dep, date) => {
    const holidays = frenchPublicHolidays(2026, dep);
    expect(holidays).toHaveLength(12);
    expect(holidays).toContainEqual({ date, name: "Abolition de l'esclavage" });
    expect(holidays).not.toContainEqual(
      expect.objectContaining({ name: 'Vendredi saint' }),
    );
  });

  it.each(['20', '975', '2a', '96', '', '1'])(
    'rejects the unknown département %j',
    (dep) => {
      expect(() => frenchPublicHolidays(2026, dep)).toThrow(
        /Département inconnu/,
      );
    },
  );
});

describe('isFrenchPublicHoliday', () => {
  it('answers per département', () => {
    expect(isFrenchPublicHoliday('2026-07-14')).toBe(true);
    expect(isFrenchPublicHoliday('2026-07-15')).toBe(false);
    expect(isFrenchPublicHoliday('2026-12-26')).toBe(false);
    expect(isFrenchPublicHoliday('2026-12-26', '67')).toBe(true);
    expect(isFrenchPublicHoliday('2026-12-20', '974')).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => isFrenchPublicHoliday('14/07/2026')).toThrow(RangeError);
  });
});
