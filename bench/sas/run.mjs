#!/usr/bin/env node
// npm run bench:sas — the SAS regulator numbers of issue 4 on the agenda
// benchmark's national dataset (bench/agenda: same stack, same generator,
// same sizes and BENCH_* variables; see bench/README.md):
//  - GET /fhir/Slot (INT_R01) for 25 SAS practitioners over 72 h, whole HTTP
//    round trip with the platform's client-certificate headers: p95 ≤ 100 ms;
//  - regulator slot search for a département over 48 h, first page: p95 ≤ 150 ms;
//  - 50 regulators booking concurrently across 20 slots: exactly 20 bookings,
//    no double booking, every loser 409 with alternatives;
//  - a 50 MB attachment upload — encrypted to the practice key with the
//    messaging's crypto library, as the regulator's browser does — API memory
//    (RSS) grows by less than 64 MB.
// BENCH_SAS_SCENARIOS=fhir,search,race,upload (default: all) runs some only;
// upload alone needs no generated dataset (the demo practice has a key).
// JSON in bench/results/sas.json. Plain Node ESM, no build step (the crypto
// library is bundled with esbuild, as in bench/messaging).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { FormData, request as undiciRequest } from 'undici';
import { SETTINGS, WORKSPACE_ROOT } from '../agenda/config.mjs';
import { datasetCounts, generateDataset } from '../agenda/lib/dataset.mjs';
import { describe, LoadClient, sourceAddresses, statusCounts, summarize } from '../agenda/lib/http.mjs';
import { ensureApiBuild, startBenchApi, startDatabase } from '../agenda/lib/stack.mjs';
import { loadCryptoLib } from '../messaging/crypto-lib.mjs';
import { regulators } from './regulators.mjs';

const RESULTS_FILE = join(WORKSPACE_ROOT, 'bench', 'results', 'sas.json');
const TARGETS = { fhirSlotP95Ms: 100, searchP95Ms: 150, raceBookings: 20, uploadGrowthMiB: 64 };
/** The national platform's client certificate, as the TLS terminator in front of the API passes it on (docs: mTLS). */
const SAS_CLIENT = { cn: 'plateforme.sas.bench', ou: 'SAS-BENCH' };
const RACERS = Number(process.env.BENCH_SAS_RACERS ?? 50);
const RACE_SLOTS = Number(process.env.BENCH_SAS_RACE_SLOTS ?? 20);
const UPLOAD_BYTES = Number(process.env.BENCH_SAS_UPLOAD_BYTES ?? 50_000_000);
const ALL_SCENARIOS = ['fhir', 'search', 'race', 'upload'];
const SCENARIOS = (process.env.BENCH_SAS_SCENARIOS ?? ALL_SCENARIOS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknownScenarios = SCENARIOS.filter((s) => !ALL_SCENARIOS.includes(s));
if (unknownScenarios.length) {
  process.stderr.write(`BENCH_SAS_SCENARIOS: unknown ${unknownScenarios.join(', ')} (known: ${ALL_SCENARIOS.join(', ')})\n`);
  process.exit(2);
}

const REUSED_DATABASE_URL = SETTINGS.reusedDatabaseUrl;
const REUSED_RUN_DIR = SETTINGS.reusedRunDir;
/**
 * BENCH_API_NODE_ARGS: node flags for the API process only (space-separated),
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (the profile is written when the
 * API stops at the end of the run; node refuses --cpu-prof in NODE_OPTIONS).
 */
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

const FHIR_ACCEPT_ENCODING = process.env.BENCH_FHIR_ACCEPT_ENCODING || null;

const say = (line) => process.stdout.write(`${line}\n`);
const results = {
  benchmark: 'sas',
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  settings: { ...SETTINGS, racers: RACERS, raceSlots: RACE_SLOTS, uploadBytes: UPLOAD_BYTES, scenarios: SCENARIOS },
  targets: TARGETS,
  caveats: ['Load generator, API and PostgreSQL share the same cores (2 on the reference machine).', 'The throwaway cluster runs with fsync=off (tools/test/postgres-cluster.mjs).'],
};
const write = () => {
  results.finishedAt = new Date().toISOString();
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
};
const cleanups = [];
const cleanup = async () => {
  while (cleanups.length) await cleanups.pop()().catch(() => undefined);
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** The kit's INT_R01 query: 25 practitioner identifiers (IDNPS = 8 + RPPS), a window, free slots. */
function fhirSlotPath(rppsList, from, to) {
  const date = (d) => encodeURIComponent(d.toISOString().replace('Z', '+00:00'));
  const ids = rppsList.map((rpps) => `urn:oid:1.2.250.1.71.4.2.1%7C8${rpps}`).join(',');
  return `/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&schedule.actor:Practitioner.identifier=${ids}&start=ge${date(from)}&start=le${date(to)}&status=free`;
}

async function measureFhirSlots(baseUrl, db) {
  const { rows } = await db.query(`SELECT rpps FROM "Practitioner" WHERE "sasParticipation" ORDER BY rpps`);
  const perCall = SETTINGS.slotsPractitioners;
  if (rows.length < perCall) return { status: 'error', error: `${rows.length} SAS practitioners in the dataset, ${perCall} needed per call (BENCH_SAS_SHARE)` };
  // fetch asks for `gzip, deflate` by default, as the platform's HTTP client does; BENCH_FHIR_ACCEPT_ENCODING=identity measures uncompressed answers.
  const headers = {
    accept: 'application/json+fhir', 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': `CN=${SAS_CLIENT.cn},OU=${SAS_CLIENT.ou},C=FR`,
    ...(FHIR_ACCEPT_ENCODING ? { 'accept-encoding': FHIR_ACCEPT_ENCODING } : {}),
  };
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const call = async () => {
    const picked = new Set();
    while (picked.size < perCall) picked.add(rows[Math.floor(random() * rows.length)].rpps);
    const from = new Date();
    const path = fhirSlotPath([...picked], from, new Date(from.getTime() + SETTINGS.slotsWindowHours * 3_600_000));
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text, encoding: response.headers.get('content-encoding') ?? 'identity', wireBytes: Number(response.headers.get('content-length') ?? NaN) };
  };
  const probe = await call();
  if (probe.status !== 200) return { status: 'error', error: `GET /fhir/Slot → ${probe.status}: ${probe.text.slice(0, 300)}` };
  for (let i = 0; i < SETTINGS.warmup; i++) await call();
  const responses = [];
  const started = Date.now();
  for (let i = 0; i < SETTINGS.iterations; i++) responses.push(await call());
  const run = summarize(responses.map((r) => r.ms), Date.now() - started);
  const ok = responses.filter((r) => r.status === 200);
  const slots = ok.map((r) => JSON.parse(r.text).entry?.filter((e) => e.resource?.resourceType === 'Slot').length ?? 0);
  const errors = responses.length - ok.length;
  return {
    status: 'ok',
    endpoint: `GET /fhir/Slot, ${perCall} random SAS practitioners × ${SETTINGS.slotsWindowHours} h, client-certificate headers`,
    sasPractitioners: rows.length,
    iterations: SETTINGS.iterations,
    ...run,
    statuses: statusCounts(responses),
    errors,
    slotsPerAnswer: { min: Math.min(...slots), mean: Math.round(slots.reduce((a, b) => a + b, 0) / Math.max(1, slots.length)), max: Math.max(...slots) },
    meanBundleKiB: Math.round(ok.reduce((n, r) => n + r.text.length, 0) / Math.max(1, ok.length) / 1024),
    acceptEncoding: FHIR_ACCEPT_ENCODING ?? 'gzip, deflate (fetch default)',
    contentEncodings: [...new Set(ok.map((r) => r.encoding))],
    meanWireKiB: Math.round(ok.reduce((n, r) => n + r.wireBytes, 0) / Math.max(1, ok.length) / 1024),
    targetP95Ms: TARGETS.fhirSlotP95Ms,
    meetsTarget: errors === 0 && run.p95Ms <= TARGETS.fhirSlotP95Ms,
  };
}

const searchPath = (departement, hours = 48) => `/api/regulation/slots?specialty=SM54&place=${encodeURIComponent(departement)}&hours=${hours}`;

async function measureSearch(session, departements) {
  const call = () => session.request('GET', searchPath(departements[Math.floor(Math.random() * departements.length)]));
  const probe = await call();
  if (probe.status !== 200) return { status: 'error', error: describe(probe) };
  for (let i = 0; i < SETTINGS.warmup; i++) await call();
  const responses = [];
  const started = Date.now();
  for (let i = 0; i < SETTINGS.iterations; i++) responses.push(await call());
  const run = summarize(responses.map((r) => r.ms), Date.now() - started);
  const cards = responses.filter((r) => r.status === 200).map((r) => r.body.cards.length);
  const slots = responses.filter((r) => r.status === 200).map((r) => r.body.cards.reduce((n, c) => n + c.slots.length, 0));
  const errors = responses.filter((r) => r.status !== 200).length;
  return {
    status: 'ok',
    endpoint: 'GET /api/regulation/slots?specialty=SM54&place=<random département>&hours=48 (page 1)',
    iterations: SETTINGS.iterations,
    ...run,
    statuses: statusCounts(responses),
    errors,
    cardsPerPage: { min: Math.min(...cards), max: Math.max(...cards) },
    slotsPerPage: { min: Math.min(...slots), max: Math.max(...slots) },
    targetP95Ms: TARGETS.searchP95Ms,
    meetsTarget: errors === 0 && run.p95Ms <= TARGETS.searchP95Ms,
  };
}

async function measureRace(sessions, db, departements) {
  // A practitioner with enough SAS slots in the coming week.
  let card = null;
  for (const departement of departements) {
    const found = await sessions[0].request('GET', searchPath(departement, 168));
    card = found.body?.cards?.find((c) => c.slots.length >= RACE_SLOTS);
    if (card) break;
  }
  if (!card) return { status: 'error', error: `no practitioner with ${RACE_SLOTS} SAS slots in a week` };
  const slots = card.slots.slice(0, RACE_SLOTS);
  const funnel = await sessions[0].request('GET', `/api/regulation/practitioners/${card.practitionerId}/funnel?start=${encodeURIComponent(slots[0].start)}`);
  const motifId = funnel.body?.suggestedMotifId;
  if (!motifId) return { status: 'error', error: `no motif: ${describe(funnel)}` };
  const started = Date.now();
  const answers = await Promise.all(
    sessions.map((session, i) =>
      session.client.request('POST', '/api/regulation/bookings', {
        headers: { ...session.headers('POST'), 'idempotency-key': randomUUID() },
        body: {
          practitionerId: card.practitionerId, start: slots[i % RACE_SLOTS].start, consultationType: slots[i % RACE_SLOTS].consultationTypes.includes('CABINET') ? 'CABINET' : slots[i % RACE_SLOTS].consultationTypes[0],
          alreadyConsulted: false, motifId,
          patient: { civility: 'MME', firstName: 'Patiente', lastName: `Course${String.fromCharCode(65 + (i % 26))}`, birthName: `Course${String.fromCharCode(65 + (i % 26))}`, birthDate: '1970-01-01', phone: '06 45 37 26 53' },
        },
      }),
    ),
  );
  const elapsedMs = Date.now() - started;
  const successes = answers.filter((a) => a.status === 201).length;
  const losers = answers.filter((a) => a.status === 409);
  const withAlternatives = losers.filter((a) => a.body?.code === 'SLOT_TAKEN' && a.body.alternatives?.length > 0).length;
  const { rows } = await db.query(
    `SELECT count(*)::int AS live, count(DISTINCT "startsAt")::int AS distinct_starts FROM "Appointment" WHERE "practitionerId" = $1 AND status <> 'CANCELLED' AND "startsAt" = ANY($2::timestamptz[]) AND channel = 'REGULATOR'`,
    [card.practitionerId, slots.map((s) => s.start)],
  );
  return {
    status: 'ok',
    racers: sessions.length,
    slots: RACE_SLOTS,
    elapsedMs,
    successes,
    conflicts: losers.length,
    conflictsWithAlternatives: withAlternatives,
    otherStatuses: statusCounts(answers.filter((a) => a.status !== 201 && a.status !== 409)),
    firstOther: answers.find((a) => a.status !== 201 && a.status !== 409) ? describe(answers.find((a) => a.status !== 201 && a.status !== 409)) : undefined,
    database: { liveBookings: rows[0].live, distinctSlotsBooked: rows[0].distinct_starts },
    meetsTarget: successes === RACE_SLOTS && rows[0].live === RACE_SLOTS && rows[0].distinct_starts === RACE_SLOTS && losers.length === sessions.length - RACE_SLOTS && withAlternatives === losers.length,
  };
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/**
 * The regulator's browser encrypts the file to the practice key (libs/shared/crypto,
 * unsigned) before sending it: the API streams the OpenPGP message to disk and
 * checks its header. Encryption runs here, in the load generator, before each
 * measured upload; only the API's memory is measured.
 */
async function measureUpload(session, baseUrl, pid, db) {
  const { rows } = await db.query(`SELECT p.id FROM "Practitioner" p JOIN "PracticeKey" k ON k."practiceId" = p."practiceId" ORDER BY p.rpps LIMIT 1`);
  if (!rows[0]) return { status: 'error', error: 'no practitioner whose practice has a key (the demo seed creates one)' };
  const practitionerId = rows[0].id;
  const key = await session.request('GET', `/api/regulation/practitioners/${practitionerId}/practice-key`);
  if (key.status !== 200) return { status: 'error', error: `practice key: ${describe(key)}` };
  const crypto = await loadCryptoLib();
  const content = new Uint8Array(UPLOAD_BYTES);
  content.set(Buffer.from('%PDF-1.7\n'));
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const encryptStarted = Date.now();
    const encrypted = await crypto.encryptFile(content, { recipients: [key.body.publicKey], signingKey: null });
    const encryptMs = Date.now() - encryptStarted;
    const form = new FormData();
    form.append('file', new Blob([encrypted]), `bench-${i}.pdf`);
    // Let the API settle (and the previous upload's buffers be collected) before the baseline.
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 10);
    const started = Date.now();
    const response = await undiciRequest(`${baseUrl}/api/regulation/practitioners/${practitionerId}/attachments`, {
      method: 'POST',
      body: form,
      headers: { ...session.headers('POST'), accept: 'application/json', 'x-attachment-type': 'application/pdf' },
    });
    const text = await response.body.text();
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));
    const stored = response.statusCode === 201 ? JSON.parse(text) : null;
    runs.push({
      status: response.statusCode, encrypted: stored?.encrypted ?? null, encryptedBytes: encrypted.length, encryptMs, ms: Date.now() - started,
      rssBeforeMiB: Math.round(before), rssPeakMiB: Math.round(peak), growthMiB: Math.round((peak - before) * 10) / 10, body: stored ? undefined : text.slice(0, 200),
    });
  }
  const growth = Math.max(...runs.map((r) => r.growthMiB));
  return {
    status: 'ok', bytes: UPLOAD_BYTES, endpoint: 'POST /api/regulation/practitioners/:id/attachments (OpenPGP message to the practice key, multipart)',
    runs, maxGrowthMiB: growth, targetGrowthMiB: TARGETS.uploadGrowthMiB,
    meetsTarget: runs.every((r) => r.status === 201 && r.encrypted === true) && growth < TARGETS.uploadGrowthMiB,
  };
}

async function main() {
  say('== 1/4 PostgreSQL and the API');
  let databaseUrl = REUSED_DATABASE_URL;
  if (!databaseUrl) {
    const started = await startDatabase({ log: say });
    cleanups.push(() => started.cluster.stop());
    databaseUrl = started.databaseUrl;
  }
  results.build = await ensureApiBuild({ skip: SETTINGS.skipBuild, log: say });
  const api = await startBenchApi({
    databaseUrl, readyTimeoutMs: SETTINGS.apiReadyTimeoutMs, log: say, runDir: REUSED_RUN_DIR, nodeArgs: API_NODE_ARGS, env: { SAS_CLIENT_CN: SAS_CLIENT.cn, SAS_CLIENT_OU: SAS_CLIENT.ou },
  });
  cleanups.push(() => api.stop());
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  cleanups.push(() => db.end());

  const needsDataset = SCENARIOS.some((s) => s !== 'upload');
  if (needsDataset && REUSED_DATABASE_URL) {
    say('== 2/4 Dataset: reusing BENCH_DATABASE_URL (generated by an earlier run)');
    results.dataset = { reused: true, ...(await datasetCounts(db)) };
  } else if (needsDataset) {
    say(`== 2/4 Dataset (${SETTINGS.practitioners.toLocaleString('en-US')} practitioners)`);
    results.dataset = await generateDataset(db, SETTINGS, say);
    write();
  } else {
    say('== 2/4 Dataset: not needed for the upload alone');
  }

  say('== 3/4 Regulators');
  const racers = SCENARIOS.includes('race') ? RACERS : 2;
  const http = new LoadClient(api.baseUrl, { sources: sourceAddresses(SETTINGS.sourceAddresses), connections: Math.ceil(racers / Math.max(1, SETTINGS.sourceAddresses)) + 2 });
  cleanups.push(() => http.close());
  const sessions = await regulators(db, http, racers);
  const departements = needsDataset ? (await db.query(`SELECT code FROM bench.departement ORDER BY code`)).rows.map((r) => r.code) : [];

  say(`== 4/4 Measurements (${SCENARIOS.join(', ')})`);
  if (SCENARIOS.includes('fhir')) {
    results.fhirSlots = await measureFhirSlots(api.baseUrl, db);
    const f = results.fhirSlots;
    say(`  fhir slots: ${JSON.stringify({ p50: f.p50Ms, p95: f.p95Ms, errors: f.errors, slots: f.slotsPerAnswer, bundleKiB: f.meanBundleKiB, wireKiB: f.meanWireKiB, encodings: f.contentEncodings, error: f.error })}`);
    write();
  }
  if (SCENARIOS.includes('search')) {
    results.search = await measureSearch(sessions[0], departements);
    say(`  search: ${JSON.stringify({ p50: results.search.p50Ms, p95: results.search.p95Ms, errors: results.search.errors })}`);
    write();
  }
  if (SCENARIOS.includes('race')) {
    results.race = await measureRace(sessions, db, departements);
    say(`  race: ${JSON.stringify({ successes: results.race.successes, conflicts: results.race.conflicts, withAlternatives: results.race.conflictsWithAlternatives, db: results.race.database })}`);
    write();
  }
  if (SCENARIOS.includes('upload')) {
    results.upload = await measureUpload(sessions[1] ?? sessions[0], api.baseUrl, api.pid, db);
    say(`  upload: ${JSON.stringify(results.upload.runs?.map((r) => ({ status: r.status, encrypted: r.encrypted, ms: r.ms, growthMiB: r.growthMiB })) ?? results.upload.error)}`);
    write();
  }
  say('');
  if (results.fhirSlots) say(`GET /fhir/Slot p95 ${results.fhirSlots.p95Ms} ms (≤ ${TARGETS.fhirSlotP95Ms}): ${results.fhirSlots.meetsTarget ? 'PASS' : 'FAIL'}`);
  if (results.search) say(`search p95 ${results.search.p95Ms} ms (≤ ${TARGETS.searchP95Ms}): ${results.search.meetsTarget ? 'PASS' : 'FAIL'}`);
  if (results.race) say(`race ${results.race.successes}/${RACE_SLOTS} booked, ${results.race.conflicts} × 409: ${results.race.meetsTarget ? 'PASS' : 'FAIL'}`);
  if (results.upload) say(`encrypted upload growth ${results.upload.maxGrowthMiB} MiB (< ${TARGETS.uploadGrowthMiB}): ${results.upload.meetsTarget ? 'PASS' : 'FAIL'}`);
  say(`results: ${RESULTS_FILE}`);
  if (SETTINGS.keep) {
    say(`\nBENCH_KEEP=1: API ${api.baseUrl} (pid ${api.pid}). Ctrl-C to stop. To measure again on this dataset:\n  BENCH_DATABASE_URL=${databaseUrl} BENCH_RUN_DIR=${api.runDir} npm run bench:sas`);
    await new Promise(() => undefined);
  }
}

main()
  .catch((error) => {
    results.error = String(error.stack ?? error);
    say(results.error);
    process.exitCode = 1;
  })
  .finally(async () => {
    write();
    await cleanup();
  });
