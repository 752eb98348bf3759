#!/usr/bin/env node
// npm run bench:cluster — the numbers of issue 6 ("Beyond one machine"), on
// one machine: PostgreSQL, redis-server, API instances behind nginx
// (tools/cluster/cluster-stack.mjs), the messaging load generator of
// bench:messaging (bench/messaging/load.mjs, same seeded pairs).
//  1. messaging rate ladder through the balancer with ONE instance, then with
//     TWO: the highest rate with p99 ≤ 150 ms, nothing lost or duplicated;
//  2. failover: the same clients at a steady rate, one of the two instances
//     killed (SIGKILL) halfway; clients reconnect to the survivor and `sync`;
//     nothing lost, nothing duplicated (checked in the database too);
//  3. 100 concurrent SAS bookings of 10 slots, split over the two instances:
//     exactly 10 succeed.
// Writes bench/results/cluster.json. See bench/README.md for the settings.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startClusterStack, startRedis } from '../../tools/cluster/cluster-stack.mjs';
import { createDatabase, startCluster } from '../../tools/test/postgres-cluster.mjs';
import { LoadClient, sourceAddresses, statusCounts } from '../agenda/lib/http.mjs';
import { ensureApiBuild } from '../agenda/lib/stack.mjs';
import { loadCryptoLib, ROOT } from '../messaging/crypto-lib.mjs';
import { runLoad } from '../messaging/run-load.mjs';
import { seedPairs } from '../messaging/seed.mjs';
import { regulators } from '../sas/regulators.mjs';

const env = process.env;
const PAIRS = Number(env.BENCH_PAIRS ?? 200);
const RATES = (env.BENCH_RATES ?? '25,50,75,100,150,200,300,400,600').split(',').map(Number);
const STEP_SECONDS = Number(env.BENCH_STEP_SECONDS ?? 20);
const P99_TARGET_MS = 150;
const FAILOVER_SECONDS = Number(env.BENCH_FAILOVER_SECONDS ?? 30);
const RACE = { requests: 100, slots: 10, regulators: 10 };
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'cluster.json');

const say = (line) => process.stderr.write(`[bench:cluster] ${line}\n`);
const results = {
  benchmark: 'cluster',
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) },
  settings: { pairs: PAIRS, clients: PAIRS * 2, rates: RATES, stepSeconds: STEP_SECONDS, p99TargetMs: P99_TARGET_MS, failoverSeconds: FAILOVER_SECONDS, race: RACE },
  caveats: [
    'Load generator, nginx, Redis, PostgreSQL and every API instance share the same cores: a second instance on the same 2 cores adds no CPU, only the cost of Redis and the balancer.',
    'The throwaway PostgreSQL cluster runs with fsync=off (tools/test/postgres-cluster.mjs).',
  ],
};
const write = () => {
  results.finishedAt = new Date().toISOString();
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
};
const cleanups = [];
const cleanup = async () => {
  while (cleanups.length) await cleanups.pop()().catch((error) => say(`clean-up: ${error.message}`));
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void cleanup().then(() => process.exit(130)));

const holds = (s) => s.p99Ms !== null && s.p99Ms <= P99_TARGET_MS && s.lost === 0 && s.duplicates === 0 && s.failedSends === 0 && s.achievedRate >= 0.9 * s.targetRate;
const best = (steps) => steps.filter(holds).reduce((max, s) => Math.max(max, s.achievedRate), 0);

/** Each pair's thread with its current last seq, so the clients start from there. */
async function withKnownSeq(db, pairs) {
  const { rows } = await db.query(`SELECT id, "lastSeq" FROM "MessageThread" WHERE id = ANY($1)`, [pairs.map((p) => p.threadId)]);
  const last = new Map(rows.map((r) => [r.id, r.lastSeq]));
  return pairs.map((p) => ({ ...p, knownSeq: last.get(p.threadId) ?? 0 }));
}

async function socketsPerInstance(stack) {
  const counts = {};
  for (const instance of stack.instances) {
    try {
      const text = await (await fetch(`${instance.url}/metrics`)).text();
      counts[instance.id] = Number(/^passerelle_socketio_connected_sockets (\d+)/m.exec(text)?.[1] ?? NaN);
    } catch {
      counts[instance.id] = null;
    }
  }
  return counts;
}

async function ladder(label, stack, db, pairs) {
  say(`${label}: ${pairs.length * 2} clients through ${stack.balancerUrl}, rates ${RATES.join(', ')} msg/s, ${STEP_SECONDS} s each…`);
  let sockets = null;
  const sampler = setTimeout(async () => (sockets = await socketsPerInstance(stack)), 5_000);
  const run = await runLoad({ mode: 'passerelle', url: stack.balancerUrl, pairs: await withKnownSeq(db, pairs), rates: RATES, stepSeconds: STEP_SECONDS, p99TargetMs: P99_TARGET_MS });
  clearTimeout(sampler);
  const outcome = { instances: stack.instances.length, ...run, socketsPerInstanceDuringRun: sockets, highestRateWithP99Under150ms: best(run.steps) };
  const lossless = run.steps.every((s) => s.lost === 0 && s.duplicates === 0);
  say(`${label}: ${outcome.highestRateWithP99Under150ms} msg/s at p99 ≤ ${P99_TARGET_MS} ms; every step lossless and without duplicates: ${lossless}`);
  return outcome;
}

async function failover(stack, db, pairs, rate) {
  const known = await withKnownSeq(db, pairs);
  const victim = stack.instances[1];
  let killed = null;
  say(`failover: ${pairs.length * 2} resilient clients at ${rate} msg/s for ${FAILOVER_SECONDS} s; ${victim.id} killed (SIGKILL) after ${FAILOVER_SECONDS / 2} s…`);
  const run = await runLoad(
    { mode: 'passerelle', url: stack.balancerUrl, pairs: known, rates: [rate], stepSeconds: FAILOVER_SECONDS, p99TargetMs: Number.POSITIVE_INFINITY, resilient: true, failoverAtSeconds: FAILOVER_SECONDS / 2, deliveryTimeoutMs: 20_000 },
    async (message) => {
      if (message?.type !== 'failover') return;
      const before = await socketsPerInstance(stack);
      const at = Date.now();
      const exit = await victim.kill('SIGKILL');
      killed = { instance: victim.id, socketsPerInstanceBefore: before, exit, killedAt: new Date(at).toISOString() };
      say(`failover: ${victim.id} killed (sockets before: ${JSON.stringify(before)})`);
    },
  );
  const step = run.steps[0];
  // The database's view: one stored message per confirmed send, no more.
  const { rows } = await db.query(
    `SELECT coalesce(sum(n), 0)::int AS stored FROM (SELECT count(*) AS n FROM "Message" m JOIN unnest($1::uuid[], $2::int[]) AS k(thread, seq) ON m."threadId" = k.thread AND m.seq > k.seq) x`,
    [known.map((p) => p.threadId), known.map((p) => p.knownSeq)],
  );
  const stored = rows[0].stored;
  const socketsAfter = await socketsPerInstance(stack);
  const outcome = {
    rate,
    ...step,
    clients: run.clients,
    clientsConnectedAtEnd: run.connectedAtEnd,
    kill: killed,
    socketsPerInstanceAfter: socketsAfter,
    database: { messagesStored: stored, confirmedSends: step.sent, duplicatesStored: stored - step.sent },
  };
  outcome.meetsTarget = killed !== null && step.lost === 0 && step.duplicates === 0 && step.failedSends === 0 && stored === step.sent && run.connectedAtEnd === run.clients;
  say(`failover: sent ${step.sent}, delivered ${step.delivered}, lost ${step.lost}, duplicated ${step.duplicates}, stored ${stored}, reconnections ${step.reconnections}, caught up by sync ${step.caughtUpBySync}, clients connected at the end ${run.connectedAtEnd}/${run.clients}, p99 ${step.p99Ms} ms, max ${step.maxMs} ms`);
  return outcome;
}

/** A practitioner taking part in the SAS with "Soins non programmés" all day, every day (30-min slots). */
async function sasPractitioner(db) {
  const suffix = randomBytes(4).toString('hex');
  const { rows: [practice] } = await db.query(`INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES (gen_random_uuid(), $1, '1 place Bellecour', '69002', 'Lyon', '69') RETURNING id`, [`Maison de santé ${suffix}`]);
  const { rows: [account] } = await db.query(`INSERT INTO "Account" (id, email, audience, role, status, "displayName", "updatedAt") VALUES (gen_random_uuid(), $1, 'PRO', 'PRACTITIONER', 'ACTIVE', 'Dr Course', now()) RETURNING id`, [`course-${suffix}@bench.invalid`]);
  const { rows: [practitioner] } = await db.query(
    `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", "addressLine", postcode, commune, departement, "acceptsNewPatients", "sasParticipation", "slotMinutes", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, 'Camille', 'Course', 'Médecin', 'SM54', 'Médecine générale', '1 place Bellecour', '69002', 'Lyon', '69', true, true, 30, now()) RETURNING id`,
    [account.id, practice.id, `9${String(Date.now()).slice(-10)}`],
  );
  const { rows: [place] } = await db.query(`INSERT INTO "ConsultationPlace" (id, "practitionerId", name, "addressLine", postcode, commune, departement) VALUES (gen_random_uuid(), $1, 'Cabinet', '1 place Bellecour', '69002', 'Lyon', '69') RETURNING id`, [practitioner.id]);
  for (let weekday = 1; weekday <= 7; weekday++) {
    await db.query(`INSERT INTO "OpeningRange" (id, "practitionerId", "placeId", weekday, "startMinute", "endMinute", "consultationTypes") VALUES (gen_random_uuid(), $1, $2, $3, 0, 1440, '{CABINET}')`, [practitioner.id, place.id, weekday]);
  }
  const { rows: [motif] } = await db.query(
    `INSERT INTO "Motif" (id, "practitionerId", label, "durationMinutes", "consultationTypes", "openToNewPatients", "bookableOnline", "isSnp") VALUES (gen_random_uuid(), $1, 'Soins non programmés', 30, '{CABINET}', true, false, true) RETURNING id`,
    [practitioner.id],
  );
  return { id: practitioner.id, motifId: motif.id };
}

async function bookingsRace(stack, db) {
  const balancer = new LoadClient(stack.balancerUrl, { sources: sourceAddresses(RACE.regulators), connections: 4 });
  const direct = stack.instances.map((i) => new LoadClient(i.url, { sources: sourceAddresses(RACE.regulators), connections: 8 }));
  try {
    const sessions = await regulators(db, balancer, RACE.regulators);
    const practitioner = await sasPractitioner(db);
    const offered = await sessions[0].request('GET', `/api/regulation/practitioners/${practitioner.id}/slots?hours=48`);
    if (offered.status !== 200) return { status: 'error', error: `slots: HTTP ${offered.status} ${offered.text.slice(0, 200)}` };
    // Every other slot (an hour apart), from the second hour on.
    const slots = offered.body.filter((_, i) => i % 2 === 0).slice(2, 2 + RACE.slots).map((s) => s.start);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: RACE.requests }, (_, i) => {
        const session = sessions[i % sessions.length];
        const instance = i % stack.instances.length;
        const lastName = `Course ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
        return direct[instance]
          .request('POST', '/api/regulation/bookings', {
            headers: { ...session.headers('POST'), 'idempotency-key': randomUUID() },
            body: {
              practitionerId: practitioner.id, start: slots[i % RACE.slots], consultationType: 'CABINET', alreadyConsulted: false, motifId: practitioner.motifId,
              patient: { civility: 'MME', firstName: 'Patiente', lastName, birthName: lastName, birthDate: '1970-01-01', phone: '06 45 37 26 53' },
            },
          })
          .then((answer) => ({ ...answer, instance: stack.instances[instance].id }));
      }),
    );
    const elapsedMs = Date.now() - started;
    const { rows } = await db.query(
      `SELECT count(*)::int AS live, count(DISTINCT "startsAt")::int AS distinct_starts FROM "Appointment" WHERE "practitionerId" = $1 AND status <> 'CANCELLED'`,
      [practitioner.id],
    );
    const perInstance = Object.fromEntries(stack.instances.map((i) => [i.id, statusCounts(answers.filter((a) => a.instance === i.id))]));
    const successes = answers.filter((a) => a.status === 201).length;
    const conflicts = answers.filter((a) => a.status === 409 && a.body?.code === 'SLOT_TAKEN').length;
    const outcome = {
      status: 'ok',
      requests: RACE.requests,
      slots: RACE.slots,
      regulators: sessions.length,
      elapsedMs,
      successes,
      conflicts,
      statusesPerInstance: perInstance,
      database: { liveAppointments: rows[0].live, distinctSlotsBooked: rows[0].distinct_starts },
    };
    outcome.meetsTarget = successes === RACE.slots && conflicts === RACE.requests - RACE.slots && rows[0].live === RACE.slots && rows[0].distinct_starts === RACE.slots;
    say(`race: ${successes} × 201, ${conflicts} × 409 SLOT_TAKEN, per instance ${JSON.stringify(perInstance)}, database ${JSON.stringify(outcome.database)}`);
    return outcome;
  } finally {
    await balancer.close();
    await Promise.all(direct.map((c) => c.close()));
  }
}

async function main() {
  results.build = await ensureApiBuild({ skip: env.BENCH_SKIP_BUILD === '1', log: say });
  const crypto = await loadCryptoLib();
  const postgres = await startCluster({ log: say });
  cleanups.push(() => postgres.stop());
  const redis = await startRedis({ log: say });
  cleanups.push(() => redis.stop());
  const databaseUrl = await createDatabase(postgres.url, 'bench_cluster');
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  cleanups.push(() => db.end());
  // One key for both set-ups: the demo accounts' TOTP secrets are sealed with it.
  const instanceEnv = { NODE_ENV: 'production', LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'true', SECRET_KEY: randomBytes(32).toString('hex') };
  const logDir = join(ROOT, 'tmp', 'bench-cluster');

  const one = await startClusterStack({ instances: 1, name: 'bench_one', databaseUrl, redisUrl: redis.url, env: instanceEnv, logDir, log: say });
  cleanups.push(() => one.stop());
  say(`seeding ${PAIRS} pairs (keys, threads, sessions, ciphertexts)…`);
  const pairs = await seedPairs(databaseUrl, crypto, PAIRS, say);
  results.oneInstance = await ladder('1 instance', one, db, pairs);
  write();
  await cleanups.pop()();

  const two = await startClusterStack({ instances: 2, name: 'bench_two', databaseUrl, redisUrl: redis.url, env: instanceEnv, logDir, log: say });
  cleanups.push(() => two.stop());
  results.twoInstances = await ladder('2 instances', two, db, pairs);
  results.ratio = results.oneInstance.highestRateWithP99Under150ms ? Math.round((results.twoInstances.highestRateWithP99Under150ms / results.oneInstance.highestRateWithP99Under150ms) * 100) / 100 : null;
  write();

  const failoverRate = Number(env.BENCH_FAILOVER_RATE ?? (Math.max(25, Math.round((results.twoInstances.highestRateWithP99Under150ms || 50) / 2))));
  results.failover = await failover(two, db, pairs, failoverRate);
  write();

  say('race: restarting the killed instance…');
  await two.instances[1].start();
  // nginx tries an instance that failed again after its fail_timeout (2 s).
  await new Promise((r) => setTimeout(r, 2_500));
  results.bookingsRace = await bookingsRace(two, db);
  results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  write();

  say('');
  say(`summary (machine: ${results.machine.cpus} cores, load average at start ${results.machine.loadAverageAtStart.join(' / ')}, shared with other jobs):`);
  say(`  messaging, 1 instance : ${results.oneInstance.highestRateWithP99Under150ms} msg/s with p99 ≤ ${P99_TARGET_MS} ms`);
  say(`  messaging, 2 instances: ${results.twoInstances.highestRateWithP99Under150ms} msg/s with p99 ≤ ${P99_TARGET_MS} ms (ratio ${results.ratio})`);
  say(`  failover at ${results.failover.rate} msg/s: lost ${results.failover.lost}, duplicated ${results.failover.duplicates}, duplicates stored ${results.failover.database.duplicatesStored}, clients back ${results.failover.clientsConnectedAtEnd}/${results.failover.clients} → ${results.failover.meetsTarget ? 'OK' : 'NOT MET'}`);
  say(`  bookings race: ${results.bookingsRace.successes}/${RACE.requests} succeeded for ${RACE.slots} slots → ${results.bookingsRace.meetsTarget ? 'OK' : 'NOT MET'}`);
  say(`written ${RESULTS_FILE.replace(`${ROOT}/`, '')}`);
}

main()
  .catch((error) => {
    say(error.stack ?? String(error));
    results.error = String(error.message ?? error);
    write();
    process.exitCode = 1;
  })
  .finally(() => cleanup());
