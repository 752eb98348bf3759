import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PRISMA } from '@passerelle/api/database';
import {
  createTestDatabase,
  TestDatabase,
} from '@passerelle/api/database/testing';
import {
  contractValidationPipe,
  HttpErrorFilter,
  ValidationFailed,
} from '@passerelle/api/platform';
import {
  AGENDA_ROUTES,
  type DirectoryResultView,
  type DirectorySearchResult,
} from '@passerelle/shared/contracts';
import request from 'supertest';
import { DirectoryController } from './directory.controller';
import { DirectoryRepository } from './directory.repository';
import {
  DIRECTORY_PAGE_SIZE,
  DirectorySearch,
} from './directory-search.service';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
type Tier = DirectoryResultView['tier'];

/**
 * A hand-made country for a search of general practitioners (SM54) in the
 * Rhône (69), whose neighbours are 01, 38, 42 and 71. Each person says where
 * a search of "69" must put them.
 */
interface Person {
  key: string;
  rpps: string;
  departement: string | null;
  commune: string;
  specialty?: string;
  /** Passerelle practitioner: their next free slot, in hours from now (null = none). */
  slotInHours?: number | null;
  accountStatus?: 'ACTIVE' | 'DISABLED';
  /** Also (or only) listed in the national directory. */
  listed?: boolean;
  expected: { kind: 'PASSERELLE' | 'NATIONAL_DIRECTORY'; tier: Tier } | null;
}

let rppsCounter = 10_000_000_000;
const nextRpps = () => String((rppsCounter += 1));

const user = (
  key: string,
  departement: string,
  slotInHours: number | null,
  extra: Partial<Person> = {},
): Person => ({
  key,
  rpps: nextRpps(),
  departement,
  commune: departement === '69' ? 'Lyon' : 'Ailleurs',
  slotInHours,
  expected: {
    kind: 'PASSERELLE',
    tier:
      departement === '69'
        ? 'AREA'
        : ['01', '38', '42', '71'].includes(departement)
          ? 'NEIGHBOURS'
          : 'FRANCE',
  },
  ...extra,
});

const listed = (
  key: string,
  departement: string | null,
  commune: string,
  extra: Partial<Person> = {},
): Person => ({
  key,
  rpps: nextRpps(),
  departement,
  commune,
  listed: true,
  expected: {
    kind: 'NATIONAL_DIRECTORY',
    tier:
      departement === '69'
        ? 'AREA'
        : departement !== null && ['01', '38', '42', '71'].includes(departement)
          ? 'NEIGHBOURS'
          : 'FRANCE',
  },
  ...extra,
});

const PEOPLE: Person[] = [
  // Passerelle, in the area: 1 h, a tie at 2 h, 1 day, and two without a future slot.
  user('area-1h', '69', 1, { listed: true }), // listed too: shown once, as a user
  user('area-2h-a', '69', 2),
  user('area-2h-b', '69', 2),
  user('area-1d', '69', 24),
  user('area-none', '69', null),
  user('area-stale', '69', -1), // a slot already past counts as none
  // Passerelle, neighbours: sooner than anyone in the area, still after them.
  user('near-30min', '38', 0.5),
  user('near-none', '42', null, { commune: 'Saint-Étienne' }),
  // Passerelle elsewhere: just "the rest of France".
  user('far-user', '75', 0.2, { commune: 'Paris' }),
  // Not shown as users: another specialty; a former subscriber (listed → directory).
  user('area-cardio', '69', 1, { specialty: 'SM04', expected: null }),
  user('former-user', '69', 1, {
    accountStatus: 'DISABLED',
    listed: true,
    expected: { kind: 'NATIONAL_DIRECTORY', tier: 'AREA' },
  }),
  // National directory only.
  listed('dir-area-1', '69', 'LYON 3E ARRONDISSEMENT'),
  listed('dir-area-2', '69', 'Villeurbanne'),
  listed('dir-area-3', '69', 'Lyon'),
  listed('dir-near-1', '42', 'SAINT-ETIENNE'),
  listed('dir-near-2', '71', 'Mâcon'),
  ...Array.from({ length: 12 }, (_, i) =>
    listed(`dir-ain-${i}`, '01', 'Bourg-en-Bresse'),
  ),
  listed('dir-far-13', '13', 'Marseille'),
  listed('dir-abroad', null, 'Monaco'),
  listed('dir-saint-denis-93', '93', 'Saint-Denis'),
  listed('dir-saint-denis-974', '974', 'Saint-Denis'),
  listed('dir-area-cardio', '69', 'Lyon', {
    specialty: 'SM04',
    expected: null,
  }),
];

const SHOWN = PEOPLE.filter((p) => p.expected !== null);
const TIER_ORDER: Record<string, number> = {
  'PASSERELLE:AREA': 0,
  'PASSERELLE:NEIGHBOURS': 1,
  'NATIONAL_DIRECTORY:AREA': 2,
  'NATIONAL_DIRECTORY:NEIGHBOURS': 3,
  'PASSERELLE:FRANCE': 4,
  'NATIONAL_DIRECTORY:FRANCE': 4,
};

describe.each(['postgres', 'pglite'] as const)(
  'directory search on %s',
  (kind) => {
    let db: TestDatabase;
    let directory: DirectorySearch;
    let app: INestApplication;
    const byRpps = new Map(PEOPLE.map((p) => [p.rpps, p]));
    const keys = (result: DirectorySearchResult) =>
      result.results.map((r) => byRpps.get(r.rpps)?.key ?? `?${r.rpps}`);

    /** Every page of one search, in order. */
    async function allPages(place: string, seed: number) {
      const pages: DirectorySearchResult[] = [];
      for (let page = 1; page < 10; page += 1) {
        const result = await directory.search({
          specialty: 'SM54',
          place,
          page,
          seed,
        });
        pages.push(result);
        if (!result.hasMore) break;
      }
      return pages;
    }

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      const now = Date.now();
      const practice = await db.prisma.practice.create({
        data: {
          name: 'Cabinet test',
          addressLine: '1 rue de la Paix',
          postcode: '69003',
          commune: 'Lyon',
          departement: '69',
        },
      });
      for (const [i, person] of PEOPLE.entries()) {
        const specialtyCode = person.specialty ?? 'SM54';
        if (person.slotInHours !== undefined) {
          const account = await db.prisma.account.create({
            data: {
              email: `pro${i}@example.test`,
              audience: 'PRO',
              role: 'PRACTITIONER',
              status: person.accountStatus ?? 'ACTIVE',
              displayName: person.key,
            },
          });
          await db.prisma.practitioner.create({
            data: {
              accountId: account.id,
              practiceId: practice.id,
              rpps: person.rpps,
              civility: 'Dr',
              firstName: 'Prénom',
              lastName: person.key,
              profession: 'Médecin',
              specialtyCode,
              specialtyLabel: 'Médecine générale',
              addressLine: '1 rue de la Paix',
              postcode: `${person.departement}000`.slice(0, 5),
              commune: person.commune,
              departement: person.departement ?? '',
              nextFreeSlotAt:
                person.slotInHours === null
                  ? null
                  : new Date(now + person.slotInHours * HOUR),
            },
          });
        }
        if (person.listed) {
          await db.prisma.directoryEntry.create({
            data: {
              rpps: person.rpps,
              postcode:
                person.departement === null ? '' : `${person.departement}100`,
              civility: 'Docteur',
              lastName: person.key.toUpperCase(),
              firstName: 'Élodie',
              professionCode: '10',
              professionLabel: 'Médecin',
              specialtyCode,
              specialtyLabel: 'Médecine générale',
              commune: person.commune,
              departement: person.departement,
              importedAt: new Date(now),
            },
          });
        }
      }

      const moduleRef = await Test.createTestingModule({
        controllers: [DirectoryController],
        providers: [
          DirectoryRepository,
          DirectorySearch,
          { provide: PRISMA, useValue: db.prisma },
        ],
      }).compile();
      directory = moduleRef.get(DirectorySearch);
      app = moduleRef.createNestApplication();
      app.useGlobalPipes(contractValidationPipe());
      app.useGlobalFilters(new HttpErrorFilter());
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await db.destroy();
    });

    it('orders the tiers of seed 000, earliest availability first among Passerelle users', async () => {
      const pages = await allPages('69', 1);
      const results = pages.flatMap((p) => p.results);
      const order = results.map((r) => byRpps.get(r.rpps)?.key);

      // Everyone expected, once; nobody else (another specialty, the user's own listing, a disabled account as a user).
      expect(results).toHaveLength(SHOWN.length);
      expect(new Set(order)).toEqual(new Set(SHOWN.map((p) => p.key)));
      for (const result of results) {
        const person = byRpps.get(result.rpps);
        expect({ kind: result.kind, tier: result.tier }).toEqual(
          person?.expected,
        );
      }
      const tiers = results.map((r) => TIER_ORDER[`${r.kind}:${r.tier}`]);
      expect(tiers).toEqual([...tiers].sort((a, b) => a - b));

      // Within the area: 1 h, the 2-h tie, 1 day, then the two without a slot.
      expect(order[0]).toBe('area-1h');
      expect(new Set(order.slice(1, 3))).toEqual(
        new Set(['area-2h-a', 'area-2h-b']),
      );
      expect(order[3]).toBe('area-1d');
      expect(new Set(order.slice(4, 6))).toEqual(
        new Set(['area-none', 'area-stale']),
      );
      expect(order.slice(6, 8)).toEqual(['near-30min', 'near-none']);

      // Each user's next free slot comes with them; a past one is no slot.
      const first = results[0];
      expect(first).toMatchObject({
        kind: 'PASSERELLE',
        displayName: 'Dr Prénom area-1h',
        departement: '69',
      });
      expect(first.practitionerId).toEqual(expect.any(String));
      expect(Date.parse(first.nextFreeSlot ?? '')).toBeGreaterThan(Date.now());
      const stale = results.find(
        (r) => byRpps.get(r.rpps)?.key === 'area-stale',
      );
      expect(stale?.nextFreeSlot).toBeNull();
      const far = results.find((r) => byRpps.get(r.rpps)?.key === 'far-user');
      expect(far?.nextFreeSlot).not.toBeNull();
      const listedOne = results.find((r) => r.kind === 'NATIONAL_DIRECTORY');
      expect(listedOne?.displayName).toMatch(/^Dr Élodie [A-Z0-9-]+$/);
      expect(listedOne?.practitionerId).toBeNull();
    });

    it('pages by 20: page 2 continues page 1 without duplicates, for the same seed', async () => {
      const pages = await allPages('69', 77);
      expect(pages).toHaveLength(2);
      expect(pages[0].results).toHaveLength(DIRECTORY_PAGE_SIZE);
      expect(pages[0]).toMatchObject({
        page: 1,
        pageSize: 20,
        hasMore: true,
        seed: 77,
      });
      expect(pages[1]).toMatchObject({ page: 2, hasMore: false, seed: 77 });
      expect(pages[1].results).toHaveLength(SHOWN.length - DIRECTORY_PAGE_SIZE);
      const all = pages.flatMap(keys);
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(SHOWN.map((p) => p.key)));

      // The same seed gives the same pages again.
      const again = await allPages('69', 77);
      expect(again.flatMap(keys)).toEqual(all);
      // A page past the end is empty.
      const beyond = await directory.search({
        specialty: 'SM54',
        place: '69',
        page: 3,
        seed: 77,
      });
      expect(beyond).toMatchObject({ results: [], hasMore: false });
    });

    it('breaks ties at random: both orders appear over seeds, never across different availabilities', async () => {
      const tieOrders = new Set<string>();
      const noSlotOrders = new Set<string>();
      const directoryFirsts = new Set<string>();
      for (let seed = 1; seed <= 40; seed += 1) {
        const result = await directory.search({
          specialty: 'SM54',
          place: '69',
          seed,
        });
        const order = keys(result);
        expect(order[0]).toBe('area-1h');
        expect(order[3]).toBe('area-1d');
        tieOrders.add(order.slice(1, 3).join(','));
        noSlotOrders.add(order.slice(4, 6).join(','));
        directoryFirsts.add(order[8]);
      }
      expect(tieOrders).toEqual(
        new Set(['area-2h-a,area-2h-b', 'area-2h-b,area-2h-a']),
      );
      expect(noSlotOrders.size).toBe(2);
      // The national-directory entries of the area are shuffled too.
      expect(directoryFirsts.size).toBeGreaterThan(1);
    });

    it('returns a seed when none is given, which replays the same order', async () => {
      const first = await directory.search({ specialty: 'SM54', place: '69' });
      expect(first.seed).toEqual(expect.any(Number));
      const replay = await directory.search({
        specialty: 'SM54',
        place: '69',
        seed: first.seed,
      });
      expect(keys(replay)).toEqual(keys(first));
    });

    it('reads a postcode as its département, and a commune name whatever its accents or case', async () => {
      const byPostcode = await directory.search({
        specialty: 'SM54',
        place: '69003',
        seed: 5,
      });
      const byCode = await directory.search({
        specialty: 'SM54',
        place: '69',
        seed: 5,
      });
      expect(keys(byPostcode)).toEqual(keys(byCode));
      const byCommune = await directory.search({
        specialty: 'SM54',
        place: 'lyon',
        seed: 5,
      });
      expect(keys(byCommune)).toEqual(keys(byCode));

      // "saint etienne" is in the Loire (42): its user first, in the area.
      const stEtienne = await directory.search({
        specialty: 'SM54',
        place: 'ST-ÉTIENNE',
        seed: 5,
      });
      expect(stEtienne.results[0]).toMatchObject({
        kind: 'PASSERELLE',
        tier: 'AREA',
        departement: '42',
      });
      expect(keys(stEtienne)[0]).toBe('near-none');
      // Then the users around the Loire, by availability: Isère (30 min), Rhône (1 h).
      expect(keys(stEtienne).slice(1, 3)).toEqual(['near-30min', 'area-1h']);

      // A commune name found in two départements searches both.
      const saintDenis = await directory.search({
        specialty: 'SM54',
        place: 'Saint-Denis',
        seed: 5,
      });
      const inArea = saintDenis.results.filter((r) => r.tier === 'AREA');
      expect(new Set(inArea.map((r) => r.departement))).toEqual(
        new Set(['93', '974']),
      );
    });

    it('matches commune names on one key, whatever the case, accents, hyphens, "St" or arrondissement', async () => {
      const samples: [string, string | null][] = [
        ['Saint-Étienne', 'saint etienne'],
        ['ST ETIENNE', 'saint etienne'],
        ['st-étienne', 'saint etienne'],
        ['Ste-Foy-lès-Lyon', 'sainte foy les lyon'],
        ['LYON 3E ARRONDISSEMENT', 'lyon'],
        ['Paris 11e Arrondissement', 'paris'],
        ['Marseille 1er arrondissement', 'marseille'],
        ["L'Haÿ-les-Roses", 'l hay les roses'],
        ['ÉCOUEN', 'ecouen'],
        ['Œuilly', 'oeuilly'],
        ['PARIS CEDEX 15', 'paris'],
        [' - ', null],
      ];
      for (const [name, key] of samples) {
        const [row] = await db.driver.query<{ key: string | null }>(
          'SELECT directory_commune_key($1) AS key',
          [name],
        );
        expect({ name, key: row.key }).toEqual({ name, key });
      }
    });

    it('refuses an unknown place with a French message', async () => {
      for (const place of ['Trifouilly-les-Oies', '98000', '20', '975']) {
        await expect(
          directory.search({ specialty: 'SM54', place }),
        ).rejects.toThrow(ValidationFailed);
      }
      await expect(
        directory.search({ specialty: 'SM54', place: 'Trifouilly-les-Oies' }),
      ).rejects.toThrow(/Commune inconnue/);
    });

    it('answers over HTTP, validating the query at the edge', async () => {
      const server = app.getHttpServer();
      const ok = await request(server)
        .get(AGENDA_ROUTES.directorySearch)
        .query({ specialty: 'sm54', place: '69', page: '2', seed: '77' })
        .expect(200);
      expect(ok.body).toMatchObject({
        page: 2,
        pageSize: 20,
        seed: 77,
        hasMore: false,
      });
      expect((ok.body as DirectorySearchResult).results).toHaveLength(
        SHOWN.length - 20,
      );

      const unknown = await request(server)
        .get(AGENDA_ROUTES.directorySearch)
        .query({ specialty: 'SM54', place: 'Trifouilly-les-Oies' })
        .expect(400);
      expect(unknown.body.message).toMatch(/Commune inconnue/);
      expect(unknown.body.fields).toEqual({
        place: [expect.stringMatching(/Trifouilly/)],
      });

      const missing = await request(server)
        .get(AGENDA_ROUTES.directorySearch)
        .query({ place: '69' })
        .expect(400);
      expect(missing.body.fields.specialty[0]).toMatch(/spécialité/i);
      const badPage = await request(server)
        .get(AGENDA_ROUTES.directorySearch)
        .query({ specialty: 'SM54', place: '69', page: 'deux' })
        .expect(400);
      expect(badPage.body.fields.page[0]).toMatch(/page/);
      await request(server)
        .get(AGENDA_ROUTES.directorySearch)
        .query({ specialty: 'SM54', place: '69', sort: 'name' })
        .expect(400);
    });
  },
);
