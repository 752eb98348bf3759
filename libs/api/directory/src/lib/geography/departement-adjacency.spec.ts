import {
  DEPARTEMENT_ADJACENCY,
  neighboursOf,
  neighboursOfArea,
} from './departement-adjacency';
import {
  DEPARTEMENT_CODES,
  type DepartementCode,
  isDepartementCode,
  OVERSEAS_DEPARTEMENT_CODES,
  UnknownDepartementError,
} from './departements';

const ISLANDS: readonly string[] = ['2A', '2B', ...OVERSEAS_DEPARTEMENT_CODES];
const CONTINENTAL = DEPARTEMENT_CODES.filter((code) => !ISLANDS.includes(code));

describe('département adjacency table', () => {
  const keys = Object.keys(DEPARTEMENT_ADJACENCY);

  it('has exactly the 101 départements as keys', () => {
    expect(keys).toHaveLength(101);
    expect([...keys].sort()).toEqual([...DEPARTEMENT_CODES].sort());
  });

  it('only lists valid codes, without duplicates or self-references', () => {
    for (const [code, neighbours] of Object.entries(DEPARTEMENT_ADJACENCY)) {
      for (const neighbour of neighbours) {
        expect(isDepartementCode(neighbour)).toBe(true);
        expect(neighbour).not.toBe(code);
      }
      expect(new Set(neighbours).size).toBe(neighbours.length);
    }
  });

  it('is symmetric', () => {
    const asymmetric: string[] = [];
    for (const code of DEPARTEMENT_CODES) {
      for (const neighbour of DEPARTEMENT_ADJACENCY[code]) {
        if (!DEPARTEMENT_ADJACENCY[neighbour].includes(code)) {
          asymmetric.push(`${code} → ${neighbour}`);
        }
      }
    }
    expect(asymmetric).toEqual([]);
  });

  it('gives every continental département at least one neighbour', () => {
    for (const code of CONTINENTAL) {
      expect(DEPARTEMENT_ADJACENCY[code].length).toBeGreaterThan(0);
    }
  });

  it('makes mainland France one connected piece, with Corsica and overseas apart', () => {
    const reached = new Set<DepartementCode>(['75']);
    const queue: DepartementCode[] = ['75'];
    for (let code = queue.shift(); code; code = queue.shift()) {
      for (const neighbour of DEPARTEMENT_ADJACENCY[code]) {
        if (!reached.has(neighbour)) {
          reached.add(neighbour);
          queue.push(neighbour);
        }
      }
    }
    expect(reached.size).toBe(CONTINENTAL.length);
    expect(CONTINENTAL).toHaveLength(94);
  });

  it('pairs Corsica with itself only and leaves overseas départements alone', () => {
    expect(neighboursOf('2A')).toEqual(['2B']);
    expect(neighboursOf('2B')).toEqual(['2A']);
    for (const code of OVERSEAS_DEPARTEMENT_CODES) {
      expect(neighboursOf(code)).toEqual([]);
    }
  });

  it.each<[string, string[]]>([
    ['75', ['92', '93', '94']],
    ['69', ['01', '38', '42', '71']],
    ['13', ['04', '30', '83', '84']],
    ['33', ['17', '24', '40', '47']],
    ['59', ['02', '62', '80']],
    ['29', ['22', '56']],
    ['74', ['01', '73']],
    ['57', ['54', '67']],
    ['66', ['09', '11']],
    ['06', ['04', '83']],
    ['90', ['25', '68', '70', '88']],
    ['08', ['02', '51', '55']],
    ['68', ['67', '88', '90']],
    ['93', ['75', '77', '92', '94', '95']],
    ['77', ['02', '10', '45', '51', '60', '89', '91', '93', '94', '95']],
  ])('spot check: %s borders exactly %j', (code, expected) => {
    expect([...neighboursOf(code)].sort()).toEqual(expected);
  });

  it.each([
    ['83', '84', 'Var and Vaucluse touch on the Durance'],
    ['35', '49', 'Ille-et-Vilaine and Maine-et-Loire share a few metres'],
    ['07', '42', 'Ardèche and Loire'],
    ['07', '38', 'Ardèche and Isère across the Rhône'],
    ['17', '24', 'Charente-Maritime and Dordogne'],
    ['54', '67', 'Meurthe-et-Moselle and Bas-Rhin'],
  ])('%s ↔ %s (%s)', (a, b) => {
    expect(neighboursOf(a)).toContain(b);
  });

  it.each([
    ['14', '76', 'the Seine estuary is sea, not land'],
    ['59', '08', 'Nord and Ardennes are separated by Aisne'],
    ['69', '07', 'Rhône and Ardèche do not touch'],
    ['57', '88', 'Moselle and Vosges do not touch'],
    ['06', '2A', 'no land border with Corsica'],
  ])('%s is not adjacent to %s (%s)', (a, b) => {
    expect(neighboursOf(a)).not.toContain(b);
  });

  it('rejects unknown codes instead of answering an empty list', () => {
    expect(() => neighboursOf('20')).toThrow(UnknownDepartementError);
    expect(() => neighboursOf('975')).toThrow(
      /Département inconnu.*Unknown département/,
    );
  });

  it('computes the ring around a multi-département area', () => {
    expect(neighboursOfArea(['75', '92']).sort()).toEqual([
      '78',
      '91',
      '93',
      '94',
      '95',
    ]);
    expect(neighboursOfArea(['2A'])).toEqual(['2B']);
    expect(neighboursOfArea(['971'])).toEqual([]);
    expect(() => neighboursOfArea(['75', 'XX'])).toThrow(
      UnknownDepartementError,
    );
  });
});
