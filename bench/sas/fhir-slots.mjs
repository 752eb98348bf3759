// npm run bench:sas — GET /fhir/Slot (INT_R01) for 25 practitioners over
// 72 h, whole HTTP round trip, on PostgreSQL. Issue 4 target: p95 ≤ 100 ms
// (the national kit demands < 1 s).
//
// Until bench/agenda's national dataset generator is on main, the data are
// generated here in set-based SQL: BENCH_SAS_PRACTITIONERS practitioners
// (default 5,000) taking part in the SAS, each with two places, hours every
// day, a motif open to new patients, a "Soins non programmés" motif on a
// range, and one slot in three booked over the next four days.
// Writes bench/results/sas.json (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startApiStack } from '../../tools/test/api-stack.mjs';
import { WORKSPACE_ROOT } from '../../tools/test/postgres-cluster.mjs';

const PRACTITIONERS = Number(process.env.BENCH_SAS_PRACTITIONERS ?? 5000);
const CALLS = Number(process.env.BENCH_SAS_CALLS ?? 300);
const WARMUP = 20;
const PER_CALL = 25;
const TARGET_P95_MS = 100;
const CLIENT = { cn: 'plateforme.sas.bench', ou: 'SAS-BENCH' };
const say = (line) => process.stderr.write(`[bench:sas] ${line}\n`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function dataset(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  // RPPS 2xxxxxxxxxx: never a demo number. Ids derived from n, so every statement can find its rows.
  await db.query(`
    INSERT INTO "Practice" (id, name, finess, "addressLine", postcode, commune, departement, phone)
    SELECT md5('practice' || n)::uuid, 'Cabinet ' || n, '1' || lpad((n % 999999999)::text, 9, '0'), n || ' rue de la Santé', '69003', 'Lyon', '69', '+33478000000'
      FROM generate_series(1, $1) n`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "Account" (id, email, audience, role, status, "displayName", "updatedAt")
    SELECT md5('account' || n)::uuid, 'bench-' || n || '@sas.bench', 'PRO', 'PRACTITIONER', 'ACTIVE', 'Dr Bench ' || n, now()
      FROM generate_series(1, $1) n`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", phone,
      "addressLine", postcode, commune, departement, "acceptsNewPatients", "sasParticipation", "slotMinutes", "updatedAt")
    SELECT md5('practitioner' || n)::uuid, md5('account' || n)::uuid, md5('practice' || n)::uuid, (20000000000 + n)::text, 'Camille', 'Bench' || n,
           'Médecin', 'SM54', 'Médecine générale', '+33478000001', n || ' rue de la Santé', '69003', 'Lyon', '69', true, true, 15, now()
      FROM generate_series(1, $1) n`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "ConsultationPlace" (id, "practitionerId", name, "addressLine", postcode, commune, departement)
    SELECT md5('place' || n || '-' || k)::uuid, md5('practitioner' || n)::uuid, 'Lieu ' || k, k || ' place Bellecour', '6900' || k, 'Lyon', '69'
      FROM generate_series(1, $1) n, generate_series(1, 2) k`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "OpeningRange" (id, "practitionerId", "placeId", weekday, "startMinute", "endMinute", "consultationTypes")
    SELECT gen_random_uuid(), md5('practitioner' || n)::uuid, md5('place' || n || '-' || k)::uuid, w,
           CASE k WHEN 1 THEN 480 ELSE 840 END, CASE k WHEN 1 THEN 780 ELSE 1140 END, ARRAY['CABINET','VIDEO']::"ConsultationType"[]
      FROM generate_series(1, $1) n, generate_series(1, 2) k, generate_series(1, 7) w`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "Motif" (id, "practitionerId", label, "durationMinutes", "consultationTypes", "openToNewPatients", "bookableOnline", "isSnp")
    SELECT md5('motif' || n || '-' || k)::uuid, md5('practitioner' || n)::uuid,
           CASE k WHEN 1 THEN 'Consultation' WHEN 2 THEN 'Suivi' ELSE 'Soins non programmés' END, 15, ARRAY['CABINET','VIDEO']::"ConsultationType"[],
           k <> 2, k <> 3, k = 3
      FROM generate_series(1, $1) n, generate_series(1, 3) k`, [PRACTITIONERS]);
  await db.query(`
    INSERT INTO "MotifRange" (id, "motifId", weekday, "startMinute", "endMinute")
    SELECT gen_random_uuid(), md5('motif' || n || '-3')::uuid, w, 840, 960
      FROM generate_series(1, $1) n, generate_series(1, 7) w`, [PRACTITIONERS]);
  const { rows: [patient] } = await db.query(`SELECT id FROM "Patient" LIMIT 1`);
  // One slot in three booked, from today for four days (Paris 08:00–13:00 at place 1).
  await db.query(`
    INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "updatedAt")
    SELECT gen_random_uuid(), md5('practitioner' || n)::uuid, md5('place' || n || '-1')::uuid, $2, 'Consultation', 'CABINET',
           s, s + interval '15 minutes', 'PRACTICE', now()
      FROM generate_series(1, $1) n,
           generate_series(date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '8 hours', date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '3 days 12 hours 45 minutes', interval '45 minutes') local,
           LATERAL (SELECT local AT TIME ZONE 'Europe/Paris' AS s) t
     WHERE extract(hour FROM local) BETWEEN 8 AND 12`, [PRACTITIONERS, patient.id]);
  await db.query('ANALYZE');
  const { rows: counts } = await db.query(`SELECT (SELECT count(*) FROM "Practitioner")::int AS practitioners, (SELECT count(*) FROM "OpeningRange")::int AS ranges, (SELECT count(*) FROM "Appointment")::int AS appointments`);
  await db.end();
  return { seconds: (Date.now() - started) / 1000, ...counts[0] };
}

function slotSearchPath(rppsList, from, to) {
  const date = (d) => d.toISOString().replace('Z', '+00:00').replace('+', '%2B');
  const ids = rppsList.map((r) => `urn:oid:1.2.250.1.71.4.2.1%7C8${r}`).join(',');
  return `/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&schedule.actor:Practitioner.identifier=${ids}&start=ge${date(from)}&start=le${date(to)}&status=free`;
}

async function measure(baseUrl) {
  const headers = { accept: 'application/json+fhir', 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': `CN=${CLIENT.cn},OU=${CLIENT.ou},C=FR` };
  const latencies = [];
  const slots = [];
  let bytes = 0;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const rpps = Array.from({ length: PER_CALL }, () => String(20000000000 + 1 + Math.floor(random() * PRACTITIONERS)));
    const from = new Date(Date.now() + 3_600_000);
    const path = slotSearchPath(rpps, from, new Date(from.getTime() + 72 * 3_600_000));
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET /fhir/Slot → ${response.status}: ${text.slice(0, 300)}`);
    if (i < WARMUP) continue;
    latencies.push(ms);
    slots.push(JSON.parse(text).total);
    bytes += text.length;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return {
    calls: CALLS,
    practitionersPerCall: PER_CALL,
    windowHours: 72,
    latencyMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]) },
    slotsPerAnswer: { min: Math.min(...slots), mean: Math.round(slots.reduce((a, b) => a + b, 0) / slots.length), max: Math.max(...slots) },
    meanBundleKb: Math.round(bytes / CALLS / 1024),
    targetP95Ms: TARGET_P95_MS,
  };
}

const stack = await startApiStack({
  name: 'bench_sas',
  env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', SAS_CLIENT_CN: CLIENT.cn, SAS_CLIENT_OU: CLIENT.ou },
});
const stop = async () => stack.stop();
process.once('SIGINT', () => void stop().then(() => process.exit(130)));
try {
  say(`generating ${PRACTITIONERS} SAS practitioners…`);
  const data = await dataset(stack.databaseUrl);
  say(`dataset in ${data.seconds} s: ${data.practitioners} practitioners, ${data.ranges} opening ranges, ${data.appointments} appointments`);
  const slotSearch = await measure(stack.baseUrl);
  const result = { date: new Date().toISOString(), dataset: data, fhirSlotSearch: slotSearch, pass: slotSearch.latencyMs.p95 <= TARGET_P95_MS };
  mkdirSync(join(WORKSPACE_ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(WORKSPACE_ROOT, 'bench', 'results', 'sas.json'), `${JSON.stringify(result, null, 2)}\n`);
  say(`GET /fhir/Slot, ${PER_CALL} practitioners × 72 h, ${CALLS} calls: p50 ${slotSearch.latencyMs.p50} ms, p95 ${slotSearch.latencyMs.p95} ms (target ≤ ${TARGET_P95_MS}), p99 ${slotSearch.latencyMs.p99} ms, ${slotSearch.slotsPerAnswer.mean} slots per answer, ${slotSearch.meanBundleKb} kB`);
  say(`written bench/results/sas.json — ${result.pass ? 'target met' : 'TARGET MISSED'}`);
} finally {
  await stop();
}
