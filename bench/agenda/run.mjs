#!/usr/bin/env node
// npm run bench:agenda — the agenda numbers of issue 3 on a generated national
// dataset. See bench/README.md. Plain Node ESM, no build step.
//
//  1. throwaway PostgreSQL + the built API (rebuilt when stale), which
//     migrates the database and seeds the demo accounts;
//  2. the dataset, generated in SQL (lib/dataset.mjs);
//  3. the measurements (scenarios.mjs), each independent;
//  4. summary on stdout, JSON in bench/results/agenda.json; everything stopped,
//     also on Ctrl-C and on errors.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';
import {
  DEMO,
  RESULTS_FILE,
  SETTINGS,
  TARGETS,
  WORKSPACE_ROOT,
} from './config.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { datasetCounts, generateDataset, prepareBookingFixtures } from './lib/dataset.mjs';
import { LoadClient, Session, sourceAddresses } from './lib/http.mjs';
import { ensureApiBuild, startBenchApi, startDatabase } from './lib/stack.mjs';
import {
  measureContention,
  measureDirectory,
  measureSlots,
  measureThroughput,
} from './scenarios.mjs';

const say = (line) => process.stdout.write(`${line}\n`);
const section = (title) => say(`\n== ${title}`);

const cleanups = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const [name, fn] = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        say(`  (clean-up of ${name} failed: ${error.message})`);
      }
    }
  })();
  return cleaning;
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    say(`\n${signal}: stopping the API and PostgreSQL …`);
    void cleanup().then(() => process.exit(code));
  });
}

const results = {
  benchmark: 'agenda',
  startedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  settings: SETTINGS,
  targets: TARGETS,
  caveats: [
    'Load generator, API and PostgreSQL share the same cores (2 on the reference machine).',
    'The throwaway cluster runs with fsync=off, synchronous_commit=off, full_page_writes=off (tools/test/postgres-cluster.mjs): absolute write rates are higher than on a durable server; the API/raw-SQL ratio is measured on the same server.',
    'Requests come from several 127.0.0.x source addresses (SETTINGS.sourceAddresses) because the API throttles per client IP and route.',
  ],
};

function writeResults() {
  results.finishedAt = new Date().toISOString();
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

/** The API's own verifier (dist/apps/api/cli.js audit:verify, as `npm run audit:verify`) on the bench database. */
async function verifyAuditChain(databaseUrl, runDir) {
  const { stdout, stderr, code } = await new Promise((resolveRun) =>
    execFile(
      process.execPath,
      [join(WORKSPACE_ROOT, 'dist/apps/api/cli.js'), 'audit:verify'],
      {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: join(runDir, 'data') },
        timeout: 600_000,
      },
      (error, out, err) =>
        resolveRun({ stdout: out, stderr: err, code: error ? (error.code ?? 1) : 0 }),
    ),
  );
  const output = `${stdout}${stderr}`.trim();
  const entries = Number(/(\d+) entries/.exec(output)?.[1] ?? NaN);
  return { status: 'ok', intact: code === 0, entries, exitCode: code, output: output.slice(-500) };
}

async function scenario(name, fn) {
  say(`\n-- ${name}`);
  const started = Date.now();
  try {
    const result = await fn();
    result.durationMs = Date.now() - started;
    say(
      `   ${result.status === 'ok' ? 'done' : result.status}${result.error ? `: ${result.error}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return result;
  } catch (error) {
    say(`   error: ${error.stack ?? error}`);
    return {
      status: 'error',
      error: String(error.message ?? error),
      durationMs: Date.now() - started,
    };
  }
}

const fmt = (v, unit = '') =>
  v === null || v === undefined || Number.isNaN(v)
    ? '-'
    : `${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v}${unit}`;
const verdict = (r) =>
  !r
    ? 'not run'
    : r.status !== 'ok'
      ? r.status
      : r.meetsTarget
        ? 'PASS'
        : 'FAIL';

function printSummary() {
  const d = results.dataset;
  const s = results.scenarios ?? {};
  const rows = [['Measure', 'Result', 'Target', 'Verdict']];
  if (d?.status === 'ok') {
    const a = d.appointments;
    rows.push([
      'dataset generation',
      `${fmt(d.durationMs / 1000, ' s')}, ${fmt(d.insertedRows)} rows, ${fmt(d.rowsPerSecond)} rows/s`,
      'a few minutes',
      'info',
    ]);
    rows.push([
      '  practitioners / directory entries',
      `${fmt(d.counts.Practitioner)} / ${fmt(d.counts.DirectoryEntry)}`,
      '30,000 / 100,000',
      'info',
    ]);
    rows.push([
      '  appointments',
      `${fmt(a.booked)} of ${fmt(a.gridSlots)} grid slots (${fmt(a.bookedRatio * 100, ' %')})`,
      '~30 %',
      'info',
    ]);
    rows.push([
      `  ${a.insertLabel.replace('Appointment: ', 'appointment ')}`,
      `${fmt(a.insertMs / 1000, ' s')}, ${fmt(a.rowsPerSecond)} rows/s`,
      '',
      'info',
    ]);
    rows.push([
      '  re-add pkey / indexes / FKs / EXCLUDE',
      [
        a.rebuild.primaryKeyMs,
        a.rebuild.indexesMs,
        a.rebuild.foreignKeysMs,
        a.rebuild.exclusionMs,
      ]
        .map((ms) => fmt(ms / 1000, ' s'))
        .join(' / '),
      '',
      'info',
    ]);
  } else if (d?.reused) {
    rows.push(['dataset (reused)', `${fmt(d.practitioners)} practitioners, ~${fmt(Number(d.appointmentsEstimate))} appointments`, '', 'info']);
  } else if (d) {
    rows.push(['dataset generation', d.error ?? d.status, '', d.status]);
  }
  const latency = (label, r, targetMs) =>
    rows.push([
      label,
      r?.status === 'ok'
        ? `p50 ${fmt(r.p50Ms)} / p95 ${fmt(r.p95Ms)} / p99 ${fmt(r.p99Ms)} / max ${fmt(r.maxMs)} ms, ${fmt(r.throughputPerSecond)}/s${r.errors ? `, ${r.errors} errors` : ''}`
        : (r?.error ?? '-'),
      `p95 ≤ ${targetMs} ms`,
      verdict(r),
    ]);
  latency(
    '(a) free slots, 25 practitioners, 72 h',
    s.slots,
    TARGETS.slotsP95Ms,
  );
  latency(
    '(b) directory search SM54 + département',
    s.directory,
    TARGETS.directoryP95Ms,
  );
  const c = s.contention;
  rows.push([
    '(c) 200 concurrent bookings, 10 slots',
    c?.status === 'ok'
      ? `${c.successes} × 2xx, ${c.conflicts} × 409, ${c.otherFailures} other; ${c.database.overlappingAppointments} overlaps in DB; all answered in ${fmt(c.elapsedMs / 1000, ' s')}`
      : (c?.error ?? '-'),
    '10 / 190 / 0 / 0',
    verdict(c),
  ]);
  const t = s.throughput;
  rows.push([
    '(d) bookings on distinct slots (HTTP)',
    t?.status === 'ok'
      ? `${fmt(t.api.bookingsPerSecond)}/s (p95 ${fmt(t.api.latency.p95Ms)} ms, ${t.api.requests - t.api.successes} failed${t.api.throttled429 ? `, ${t.api.throttled429} × 429` : ''}; CPU ms/booking API ${t.api.cpuPerRequest?.apiMsPer ?? '-'}, PostgreSQL ${t.api.cpuPerRequest?.postgresMsPer ?? '-'}, generator ${t.api.cpuPerRequest?.generatorMsPer ?? '-'}; machine ${t.api.cpuPerRequest?.machineBusyCores ?? '-'} cores busy; load ${t.loadAverage?.atStart?.join(' ') ?? '-'})`
      : (t?.error ?? '-'),
    `≥ ${TARGETS.bookingsPerSecond}/s`,
    verdict(t),
  ]);
  if (t?.status === 'ok')
    rows.push([
      '    raw-SQL baseline, same inserts',
      `${fmt(t.rawSql.insertsPerSecond)}/s (${fmt(t.rawSql.inserts)} inserts) → API/SQL ratio ${t.apiToSqlRatio ?? '-'}`,
      'report',
      'info',
    ]);
  const chain = results.auditChain;
  if (chain)
    rows.push([
      'audit chain after the bookings',
      chain.status === 'ok'
        ? `${chain.intact ? 'intact' : 'BROKEN'}, ${fmt(chain.entries)} entries`
        : (chain.error ?? chain.status),
      'intact',
      chain.status === 'ok' ? (chain.intact ? 'PASS' : 'FAIL') : chain.status,
    ]);
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => String(r[i]).length)),
  );
  say('');
  rows.forEach((r, i) => {
    say(
      r
        .map((cell, j) => String(cell).padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) say(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/**
 * The API's scheduled jobs first check 60 s after it starts (SCHEDULED_JOBS_TICK_MS):
 * the daily public-holiday job then walks every practitioner of the fresh dataset,
 * which in a quick run falls right into the measurements. Waits (at most
 * `limitMs`) until the day's run of every job is DONE, so the scenarios measure
 * the steady state; the wait and how long the jobs took are reported.
 */
async function waitForScheduledJobs(db, limitMs = 300_000) {
  const started = Date.now();
  const query = `SELECT job, status::text AS status, "startedAt", "finishedAt" FROM "ScheduledJobRun"
                  WHERE slot = to_timestamp(floor(extract(epoch FROM now()) / 86400) * 86400)
                     OR status = 'RUNNING'`;
  for (;;) {
    const { rows } = await db.query(query);
    const holidays = rows.find((r) => r.job === 'agenda.public-holidays');
    const settled =
      holidays?.status === 'DONE' && rows.every((r) => r.status === 'DONE');
    if (settled || Date.now() - started > limitMs)
      return {
        settled,
        waitedMs: Date.now() - started,
        runs: rows.map((r) => ({
          job: r.job,
          status: r.status,
          durationMs: r.finishedAt ? r.finishedAt - r.startedAt : null,
        })),
      };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function main() {
  const started = Date.now();
  section('1/4 PostgreSQL and the API');
  let databaseUrl = SETTINGS.reusedDatabaseUrl;
  // A reused database's server is not ours: its CPU is not measured (no cluster directory).
  let cluster = null;
  if (!databaseUrl) {
    ({ cluster, databaseUrl } = await startDatabase({ log: say }));
    cleanups.push([
      'PostgreSQL',
      () => cluster.stop().then(() => say('  PostgreSQL stopped and removed')),
    ]);
  }
  results.build = await ensureApiBuild({ skip: SETTINGS.skipBuild, log: say });
  results.apiEntry = SETTINGS.apiEntry ?? 'dist/apps/api/main.js';
  say(`  API build: ${results.build.status}`);
  let api = await startBenchApi({
    databaseUrl,
    readyTimeoutMs: SETTINGS.apiReadyTimeoutMs,
    log: say,
    nodeArgs: SETTINGS.apiNodeArgs,
    runDir: SETTINGS.reusedRunDir,
    entry: SETTINGS.apiEntry ?? undefined,
  });
  cleanups.push(['API', () => api.stop().then(() => say('  API stopped'))]);
  results.apiLog = api.logFile;
  results.apiRestarts = [];
  // The API shares the machine with other work; if it is gone (killed, crashed),
  // record how it ended and start it again on the same port and database.
  const ensureApi = async () => {
    if (api.isAlive()) return;
    const exit = api.exit();
    const lastOutput = api.tail().slice(-2_000);
    say(
      `  the API is gone (exit code ${exit?.code}, signal ${exit?.signal}); its last output:\n${lastOutput.replace(/^/gm, '    ') || '    (none)'}\n  restarting it …`,
    );
    api = await startBenchApi({
      databaseUrl,
      readyTimeoutMs: SETTINGS.apiReadyTimeoutMs,
      log: say,
      port: api.port,
      runDir: api.runDir,
      nodeArgs: SETTINGS.apiNodeArgs,
      entry: SETTINGS.apiEntry ?? undefined,
    });
    results.apiRestarts.push({ ...exit, lastOutput, newLog: api.logFile });
  };

  const db = new pg.Pool({
    connectionString: databaseUrl,
    max: Math.max(SETTINGS.loadConcurrency + 1, 4),
  });
  db.on('error', (error) =>
    say(`  (idle database connection error: ${error.message})`),
  );
  // A dataset statement may still be running on Ctrl-C: do not wait for it (stopping PostgreSQL ends it).
  cleanups.push([
    'database pool',
    () => Promise.race([db.end(), new Promise((r) => setTimeout(r, 2_000))]),
  ]);
  results.postgres = (
    await db.query('SHOW server_version')
  ).rows[0].server_version;

  if (SETTINGS.reusedDatabaseUrl) {
    section('2/4 Dataset: reusing BENCH_DATABASE_URL (generated by an earlier run)');
    results.dataset = { reused: true, ...(await datasetCounts(db)) };
  } else {
    section(
      `2/4 Dataset (${SETTINGS.practitioners.toLocaleString('en-US')} practitioners)`,
    );
    results.dataset = await generateDataset(db, SETTINGS, say);
  }
  writeResults();

  section('3/4 Measurements');
  if (SETTINGS.scenarios.length > 0) {
    results.scheduledJobs = await waitForScheduledJobs(db);
    say(
      `  scheduled jobs of the day: ${results.scheduledJobs.settled ? 'done' : 'STILL RUNNING'} (waited ${(results.scheduledJobs.waitedMs / 1000).toFixed(0)} s; ${results.scheduledJobs.runs.map((r) => `${r.job} ${r.status}${r.durationMs !== null ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : ''}`).join(', ')})`,
    );
  }
  results.scenarios = {};
  const wanted = new Set(SETTINGS.scenarios);
  if (wanted.size === 0) say('  none (BENCH_SCENARIOS=none)');
  const http = new LoadClient(api.baseUrl, {
    sources: sourceAddresses(SETTINGS.sourceAddresses),
    connections:
      Math.ceil(
        Math.max(SETTINGS.contentionAttempts, SETTINGS.bookingConcurrency) /
          SETTINGS.sourceAddresses,
      ) + 2,
  });
  cleanups.push(['HTTP client', () => http.close()]);
  const context = {
    http,
    db,
    databaseUrl,
    settings: SETTINGS,
    cpu: cpuMeter({ apiPid: () => api.pid, clusterDir: cluster?.dir }),
  };

  await ensureApi();
  if (wanted.has('slots'))
    results.scenarios.slots = await scenario(
      '(a) GET /api/slots — 25 random practitioners, next 72 h',
      () => measureSlots(context),
    );
  await ensureApi();
  if (wanted.has('directory'))
    results.scenarios.directory = await scenario(
      '(b) GET /api/directory/search — SM54, random département',
      () => measureDirectory(context),
    );
  writeResults();

  if (wanted.has('contention') || wanted.has('throughput')) {
    await ensureApi();
    const fixtures = await scenario(
      'booking fixtures (SQL) and secretaries\' logins',
      async () => {
        const prepared = await prepareBookingFixtures(
          db,
          SETTINGS,
          {
            practitionerRpps: DEMO.practitionerRpps,
            secretaryEmail: DEMO.secretary.email,
          },
          say,
        );
        if (prepared.status !== 'ok') return prepared;
        const loginStarted = Date.now();
        const sessions = [];
        try {
          // One after the other: the API throttles credential attempts per IP.
          for (const email of prepared.secretaryEmails) {
            const session = new Session(http);
            await session.loginPro({ ...DEMO.secretary, email });
            sessions.push(session);
          }
        } catch (error) {
          return {
            ...prepared,
            status: 'not-available',
            error: `secretary login: ${error.message}`,
          };
        }
        prepared.loginMs = Date.now() - loginStarted;
        const secretary = (
          await db.query(`SELECT id::text FROM "Account" WHERE email = $1`, [
            DEMO.secretary.email,
          ])
        ).rows[0];
        return { ...prepared, sessions, secretaryAccountId: secretary?.id };
      },
    );
    const { sessions, secretaryAccountId, patientIds, ...fixtureReport } =
      fixtures;
    results.bookingFixtures = fixtureReport;
    for (const [key, label, fn] of [
      [
        'contention',
        '(c) 200 concurrent bookings on 10 free slots of Dr Martin',
        measureContention,
      ],
      [
        'throughput',
        `(d) bookings on distinct slots, ${SETTINGS.bookingConcurrency} concurrent, ${SETTINGS.bookingSeconds} s, + raw-SQL baseline`,
        measureThroughput,
      ],
    ]) {
      if (!wanted.has(key)) continue;
      await ensureApi();
      results.scenarios[key] =
        fixtures.status === 'ok'
          ? await scenario(label, () =>
              fn({
                ...context,
                fixtures: { ...fixtureReport, patientIds },
                sessions,
                secretaryAccountId,
              }),
            )
          : { status: 'not-available', error: `fixtures: ${fixtures.error}` };
      writeResults();
    }
  }
  if (wanted.has('contention') || wanted.has('throughput')) {
    // Every booking wrote its audit row in its own statement: the chain must still verify.
    results.auditChain = await scenario(
      'audit chain after the bookings (npm run audit:verify)',
      () => verifyAuditChain(databaseUrl, api.runDir),
    );
    writeResults();
  }
  results.durationMs = Date.now() - started;

  section('4/4 Summary');
  printSummary();
  say(
    `\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s. JSON: ${relative(WORKSPACE_ROOT, RESULTS_FILE)}  API log: ${api.logFile}`,
  );
  if (SETTINGS.keep) {
    say(
      `\nBENCH_KEEP=1: API ${api.baseUrl}, database ${databaseUrl}. Ctrl-C to stop. To measure again on this dataset:\n  BENCH_DATABASE_URL=${databaseUrl} BENCH_RUN_DIR=${api.runDir} npm run bench:agenda`,
    );
    await new Promise(() => undefined);
  }
}

main()
  .then(() => {
    writeResults();
    return cleanup();
  })
  .then(() => process.exit(0))
  .catch(async (error) => {
    say(`\nbench:agenda failed: ${error.stack ?? error}`);
    results.error = String(error.message ?? error);
    writeResults();
    say(`Partial results: ${relative(WORKSPACE_ROOT, RESULTS_FILE)}`);
    await cleanup();
    process.exit(1);
  });
