// Everything the agenda benchmark can be tuned with, in one place: sizes
// (environment variables), the targets of issue 3, and the HTTP shapes of the
// endpoints under test (paths, query strings, request bodies, how to read the
// answers). When an endpoint's contract changes, adjust API below and nothing
// else.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const WORKSPACE_ROOT = resolve(BENCH_DIR, '../..');
export const RESULTS_FILE = join(
  WORKSPACE_ROOT,
  'bench',
  'results',
  'agenda.json',
);

const int = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return Math.floor(value);
};
const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
};
const list = (name, fallback) =>
  process.env[name]
    ? process.env[name]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;

export const SCENARIOS = ['slots', 'directory', 'contention', 'throughput'];

/** Sizes and knobs (README "Environment variables"). */
export const SETTINGS = {
  practitioners: int('BENCH_PRACTITIONERS', 30_000),
  directoryEntries: int('BENCH_DIRECTORY_ENTRIES', 100_000),
  patients: int('BENCH_PATIENTS', 20_000),
  horizonDays: int('BENCH_HORIZON_DAYS', 90),
  /** Share of general practitioners (SM54) taking part in the SAS (bench:sas searches them, GET /fhir/Slot shows only them). */
  sasShare: num('BENCH_SAS_SHARE', 0.4),
  /** Share of practitioners with a "Soins non programmés" motif (SAS-eligible even when they take no new patients). */
  snpShare: num('BENCH_SNP_SHARE', 0.3),
  /** Share of grid slots booked over the horizon (first days of busy agendas are fuller, see dataset.mjs). */
  bookedRatio: num('BENCH_BOOKED_RATIO', 0.3),
  /** Practitioners per INSERT … SELECT of appointments, and how many such statements run at once. */
  chunkPractitioners: int('BENCH_CHUNK', 500),
  loadConcurrency: int('BENCH_LOAD_CONCURRENCY', 2),
  exclusionDuringLoad: process.env.BENCH_EXCLUSION_DURING_LOAD === '1',
  /** Which measurements to run after generating the dataset ("none" = dataset only). */
  scenarios: list('BENCH_SCENARIOS', SCENARIOS).filter((s) => s !== 'none'),
  warmup: int('BENCH_WARMUP', 20),
  iterations: int('BENCH_ITERATIONS', 200),
  slotsPractitioners: int('BENCH_SLOTS_PRACTITIONERS', 25),
  slotsWindowHours: int('BENCH_SLOTS_WINDOW_HOURS', 72),
  contentionSlots: int('BENCH_CONTENTION_SLOTS', 10),
  contentionAttempts: int('BENCH_CONTENTION_ATTEMPTS', 200),
  bookingSeconds: num('BENCH_BOOKING_SECONDS', 10),
  bookingConcurrency: int('BENCH_BOOKING_CONCURRENCY', 32),
  /** The raw-SQL baseline repeats the API's number of bookings, but at least this many (a rate needs a sample). */
  baselineMinInserts: int('BENCH_BASELINE_MIN_INSERTS', 5_000),
  /**
   * Staff sessions the booking scenarios spread their requests over, as
   * several secretaries of the practice would: the demo secretary plus
   * copies of her account (same password and TOTP secret) made by the bench.
   */
  bookingSessions: Math.max(1, int('BENCH_BOOKING_SESSIONS', 8)),
  /** Generated practitioners attached to the demo practice, so its secretaries may book them. */
  bookingPractitioners: int('BENCH_BOOKING_PRACTITIONERS', 200),
  /**
   * The API throttles 600 requests/min per client IP and route. Real load
   * comes from many clients, so requests are spread over this many loopback
   * source addresses (127.0.0.2 …); 1 = a single client.
   */
  sourceAddresses: Math.max(
    1,
    Math.min(int('BENCH_SOURCE_ADDRESSES', 128), 250),
  ),
  /** Skip `nx build api` even when dist/apps/api/main.js looks older than the sources. */
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  /** Keep PostgreSQL and the API running at the end, until Ctrl-C (to inspect the data). */
  keep: process.env.BENCH_KEEP === '1',
  /** Node flags for the API process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (the profile is written when it stops). */
  apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  apiReadyTimeoutMs: int('BENCH_API_READY_TIMEOUT_MS', 120_000),
  /**
   * BENCH_DATABASE_URL: a database an earlier run generated and kept
   * (BENCH_KEEP=1 prints its URL) — no new cluster, no new dataset, to measure
   * again after a change in minutes instead of ~10 at full size.
   */
  reusedDatabaseUrl: process.env.BENCH_DATABASE_URL || null,
  /** BENCH_RUN_DIR: that run's API directory (its DATA_DIR holds the key that sealed the demo TOTP secrets), printed with it. */
  reusedRunDir: process.env.BENCH_RUN_DIR || undefined,
  /** Another build of the API to run (workspace-relative, e.g. a copy of dist/apps/api saved before a change, to compare builds). */
  apiEntry: process.env.BENCH_API_ENTRY ?? null,
};
if (SETTINGS.reusedDatabaseUrl && !SETTINGS.reusedRunDir) {
  process.stderr.write('BENCH_DATABASE_URL needs BENCH_RUN_DIR (the kept run prints both)\n');
  process.exit(2);
}

/** Issue 3, "Numbers to reach". */
export const TARGETS = {
  slotsP95Ms: 50,
  directoryP95Ms: 150,
  contentionSuccesses: 10,
  bookingsPerSecond: 500,
};

/** The demo accounts the API seeds (libs/api/identity/src/lib/demo/demo-data.ts). */
export const DEMO = {
  secretary: {
    email: 'sophie.lefevre@passerelle.demo',
    password: 'Passerelle-Demo-2026!',
    totpSecret: 'PASSERELLEDEMOTOTPSECRET234567AB',
  },
  /** Dr Claire Martin, demo practice. */
  practitionerRpps: '10101234567',
};

/**
 * The HTTP contract the benchmark relies on (libs/shared/contracts:
 * agenda.routes.ts, agenda.dto.ts, agenda.types.ts, agenda.views.ts, auth).
 */
export const API = {
  ready: '/ready',
  csrf: { cookie: 'XSRF-TOKEN', header: 'X-XSRF-TOKEN' },
  sessionCookie: 'passerelle_session',
  /** CSRF cookie source: any GET does, this one is what the web app calls first. */
  session: '/api/auth/session',
  login: {
    path: '/api/auth/login',
    body: (email, password) => ({ email, password, space: 'pro' }),
  },
  mfaVerify: { path: '/api/auth/mfa/verify', body: (code) => ({ code }) },
  /** A login answer that asks for the second factor. */
  needsSecondFactor: (body) => body?.stage === 'mfa-required',

  /** GET: public free slots (SlotView[]) of up to 25 practitioners. */
  slots: (practitionerIds, from, to) =>
    `/api/slots?practitioners=${practitionerIds.join(',')}&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
  /** SlotView[] → how many slots came back (sanity check that the answer has content). */
  slotsCount: (body) =>
    Array.isArray(body)
      ? body.length
      : Array.isArray(body?.slots)
        ? body.slots.length
        : NaN,
  /** SlotView[] → [{ start, motifIds }] */
  slotList: (body) =>
    Array.isArray(body) ? body : Array.isArray(body?.slots) ? body.slots : [],

  /** GET: DirectorySearchResult. */
  directorySearch: (specialty, place, page = 1) =>
    `/api/directory/search?specialty=${encodeURIComponent(specialty)}&place=${encodeURIComponent(place)}&page=${page}`,
  directoryCount: (body) =>
    Array.isArray(body?.results)
      ? body.results.length
      : Array.isArray(body)
        ? body.length
        : NaN,

  /** POST: BookAppointmentRequest → AppointmentView; 409 when the slot is taken. */
  book: {
    path: (practitionerId) =>
      `/api/practitioners/${practitionerId}/appointments`,
    body: ({ start, motifId, patientId }) => ({
      start: start.toISOString(),
      consultationType: 'CABINET',
      motifId,
      patientId,
    }),
  },
};

/** Specialties of the generated practitioners (TRE_R38 codes) with their share and slot lengths. */
export const SPECIALTIES = [
  {
    code: 'SM54',
    label: 'Médecine générale',
    share: 0.45,
    slotMinutes: [15, 15, 15, 20],
  },
  {
    code: 'SM04',
    label: 'Cardiologie et maladies vasculaires',
    share: 0.06,
    slotMinutes: [20, 30],
  },
  {
    code: 'SM15',
    label: 'Dermatologie et vénéréologie',
    share: 0.06,
    slotMinutes: [15, 20],
  },
  { code: 'SM40', label: 'Pédiatrie', share: 0.07, slotMinutes: [15, 20] },
  { code: 'SM42', label: 'Psychiatrie', share: 0.07, slotMinutes: [30, 45] },
  { code: 'SM38', label: 'Ophtalmologie', share: 0.06, slotMinutes: [15, 20] },
  {
    code: 'SM20',
    label: 'Gynécologie-obstétrique',
    share: 0.05,
    slotMinutes: [20, 30],
  },
  { code: 'SM41', label: 'Pneumologie', share: 0.04, slotMinutes: [20, 30] },
  { code: 'SM48', label: 'Rhumatologie', share: 0.04, slotMinutes: [20, 30] },
  {
    code: 'SM24',
    label: 'Gastro-entérologie et hépatologie',
    share: 0.05,
    slotMinutes: [20, 30],
  },
  {
    code: 'SM16',
    label: 'Endocrinologie et métabolisme',
    share: 0.05,
    slotMinutes: [20, 30],
  },
];

const h = (hh, mm = 0) => hh * 60 + mm;
const WEEK = [1, 2, 3, 4, 5];
const days = (list, start, end, types = ['CABINET']) =>
  list.map((weekday) => ({ weekday, start, end, types }));

/**
 * Weekly hours (Paris wall time), one profile per practitioner. Every range
 * offers CABINET (the generated appointments are CABINET); some afternoons
 * also offer VIDEO.
 */
export const HOURS_PROFILES = [
  // Classic: Mon–Fri 08:30–12:00 and 14:00–18:30.
  [...days(WEEK, h(8, 30), h(12)), ...days(WEEK, h(14), h(18, 30))],
  // Same with Saturday morning.
  [
    ...days(WEEK, h(8, 30), h(12)),
    ...days(WEEK, h(14), h(18, 30)),
    ...days([6], h(9), h(12)),
  ],
  // Wednesday off, long days.
  [
    ...days([1, 2, 4, 5], h(8), h(12, 30)),
    ...days([1, 2, 4, 5], h(13, 30), h(19)),
  ],
  // Wednesday morning only, video on afternoons.
  [
    ...days(WEEK, h(9), h(12, 30)),
    ...days([1, 2, 4, 5], h(14), h(18), ['CABINET', 'VIDEO']),
  ],
  // Late afternoons, Saturday morning.
  [
    ...days(WEEK, h(9, 30), h(12, 30)),
    ...days(WEEK, h(15), h(19, 30)),
    ...days([6], h(8, 30), h(12, 30)),
  ],
  // Part-time: three days.
  [
    ...days([1, 3, 5], h(8, 30), h(12, 30)),
    ...days([1, 3, 5], h(13, 30), h(18, 30), ['CABINET', 'VIDEO']),
  ],
];
