// npm run bench:messaging — see README.md next to this file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, freePort, startCluster, uniqueDatabaseName } from '../../tools/test/postgres-cluster.mjs';
import { loadCryptoLib, openPgpCost, ROOT } from './crypto-lib.mjs';
import { runLoad } from './run-load.mjs';
import { seedPairs } from './seed.mjs';

const env = process.env;
const PAIRS = Number(env.BENCH_PAIRS ?? 500);
const RATES = (env.BENCH_RATES ?? '250,500,750,1000,1500,2000').split(',').map(Number);
const STEP_SECONDS = Number(env.BENCH_STEP_SECONDS ?? 60);
// Unmeasured warm-up at the first rate before the ladder (see load.mjs).
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS ?? 10);
const say = (line) => process.stderr.write(`[bench:messaging] ${line}\n`);
// Extra Node flags for the API (e.g. "--max-semi-space-size=32"); the CPU profile is BENCH_CPU_PROFILE (see api-probe.cjs).
const API_NODE_OPTIONS = (env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
const CPU_PROFILE = env.BENCH_CPU_PROFILE;
// Another build of the API to compare with (relative to the workspace), e.g. one saved from before a change.
const API_ENTRY = env.BENCH_API_ENTRY ?? join('dist', 'apps', 'api', 'main.js');
const PROBE = join(ROOT, 'bench', 'messaging', 'api-probe.cjs');
// BENCH_BASELINE=0 skips the baseline (quicker runs while profiling); the result file then says so.
const WITH_BASELINE = env.BENCH_BASELINE !== '0';
// How Passerelle's clients send, one ladder each: 'http' (POST …/threads/:id/messages), 'socket' (message:send on their socket.io connection).
const TRANSPORTS = (env.BENCH_TRANSPORTS ?? 'http,socket').split(',');
// The machine is shared: the 1/5/15-minute load averages go with every figure.
const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** CPU seconds (user + system) a process has used so far, from /proc; null when it is gone. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return null;
  }
}

/** CPU seconds used by PostgreSQL: the postmaster and all its children (backends, walwriter…). */
function postgresCpuSeconds(clusterDir) {
  let postmaster;
  try {
    postmaster = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  let total = cpuSeconds(postmaster) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ').pop().split(' ');
      if (Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat), all processes of all users. */
function machineCpuSeconds() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/**
 * Samples, once a second, the CPU time of the server and of PostgreSQL, so
 * each step gets "CPU milliseconds per delivered message" — a figure that,
 * unlike latency, does not depend much on what else the shared machine runs.
 */
function cpuSampler(serverPid, clusterDir) {
  const samples = [];
  const take = () => samples.push({ at: Date.now(), server: cpuSeconds(serverPid), postgres: postgresCpuSeconds(clusterDir), machine: machineCpuSeconds().busy });
  take();
  const timer = setInterval(take, 1000);
  return {
    stop() {
      clearInterval(timer);
      take();
    },
    /**
     * Adds cpu {serverMsPerMessage, postgresMsPerMessage, serverCores,
     * postgresCores, machineBusyCores} to each step. A PostgreSQL backend
     * that exits during a step takes its CPU time with it (the figure can
     * then be low, even negative); machineBusyCores counts every process of
     * the machine — with 2 cores, near 2 means the step was short of CPU.
     */
    annotate(steps) {
      return steps.map((step) => {
        const nearest = (at) => samples.reduce((best, s) => (Math.abs(s.at - at) < Math.abs(best.at - at) ? s : best));
        const [from, to] = [nearest(step.startedAt), nearest(step.endedAt)];
        const seconds = (to.at - from.at) / 1000;
        if (seconds <= 0 || from.server === null || to.server === null || step.delivered === 0) return step;
        const per = (a, b) => (a === null || b === null ? null : Math.round(((b - a) * 1000 * 100) / step.delivered) / 100);
        const cores = (a, b) => (a === null || b === null ? null : Math.round(((b - a) / seconds) * 100) / 100);
        return {
          ...step,
          cpu: {
            serverMsPerMessage: per(from.server, to.server),
            postgresMsPerMessage: per(from.postgres, to.postgres),
            serverCores: cores(from.server, to.server),
            postgresCores: cores(from.postgres, to.postgres),
            machineBusyCores: cores(from.machine, to.machine),
          },
        };
      });
    },
  };
}

async function waitReady(check, child, what) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited during start-up`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} not ready`);
}

function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Asks api-probe.cjs (over IPC) to start or stop the CPU profiler, and waits until it is done. */
function probe(child, command) {
  return new Promise((resolve) => {
    const done = (message) => {
      if (message !== `${command}:done`) return;
      child.off('message', done);
      resolve();
    };
    child.on('message', done);
    child.send(command);
  });
}

/** The server's event-loop delay during each step, from the probe's one-second lines (api-probe.cjs). */
function withServerLoopDelay(steps, probeFile) {
  const lines = existsSync(probeFile) ? readFileSync(probeFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  return steps.map((step) => {
    const during = lines.filter((l) => l.at > step.startedAt && l.at <= step.endedAt + 1000);
    if (during.length === 0) return step;
    const meanMs = Math.round((during.reduce((sum, l) => sum + l.meanMs, 0) / during.length) * 100) / 100;
    return {
      ...step,
      serverLoopDelayMs: { mean: meanMs, worstSecondP99: Math.max(...during.map((l) => l.p99Ms)), max: Math.max(...during.map((l) => l.maxMs)) },
      serverHeapUsedMb: { first: during[0].heapUsedMb, last: during[during.length - 1].heapUsedMb, max: Math.max(...during.map((l) => l.heapUsedMb)) },
      serverLongestMajorGcMs: Math.max(...during.map((l) => l.majorGcMs ?? 0)),
    };
  });
}

/** One line per step with what the server side saw (the load generator prints the rest). */
function report(mode, steps) {
  for (const s of steps) {
    say(`${mode} ${s.targetRate} msg/s: p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms; server loop delay mean ${s.serverLoopDelayMs?.mean} ms, worst-second p99 ${s.serverLoopDelayMs?.worstSecondP99} ms, longest full GC ${s.serverLongestMajorGcMs} ms; CPU per message: server ${s.cpu?.serverMsPerMessage} ms, PostgreSQL ${s.cpu?.postgresMsPerMessage} ms, generator ${s.generatorCpuMsPerMessage} ms; machine busy ${s.cpu?.machineBusyCores} of ${cpus().length} cores`);
  }
}

const best = (steps) =>
  steps.filter((s) => s.p99Ms !== null && s.p99Ms <= 100 && s.lost === 0 && s.duplicates === 0 && s.achievedRate >= 0.9 * s.targetRate).reduce((max, s) => Math.max(max, s.achievedRate), 0);

async function main() {
  const result = { startedAt: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAverage() } };

  say('OpenPGP cost (libs/shared/crypto in Node)…');
  const crypto = await loadCryptoLib();
  result.openpgp = await openPgpCost(crypto, 200);
  say(JSON.stringify(result.openpgp));

  if (!existsSync(join(ROOT, 'dist', 'apps', 'api', 'main.js')) || env.BENCH_BUILD === '1') {
    say('building the API…');
    spawnSync('npx', ['nx', 'build', 'api', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit', env: { ...env, NX_DAEMON: 'false' } });
  }
  const cluster = await startCluster({ log: say });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-messaging-data-'));
  let api;
  let baseline;
  try {
    const apiDb = await createDatabase(cluster.url, uniqueDatabaseName('bench_messaging'));
    const port = await freePort();
    const apiProbeFile = join(dataDir, 'api-loop-delay.jsonl');
    api = spawn(process.execPath, ['--require', PROBE, ...API_NODE_OPTIONS, join(ROOT, API_ENTRY)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit', ...(CPU_PROFILE ? ['ipc'] : [])],
      env: { ...env, BENCH_PROBE_FILE: apiProbeFile, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: apiDb, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', SESSION_COOKIE_SECURE: 'false', NODE_ENV: 'production' },
    });
    say(`API pid ${api.pid} (${API_ENTRY})`);
    api.once('exit', (code, signal) => say(`API exited (code ${code}, signal ${signal})`));
    const url = `http://127.0.0.1:${port}`;
    await waitReady(async () => (await fetch(`${url}/ready`)).status === 200, api, 'API');

    say(`seeding ${PAIRS} pairs (keys, threads, sessions, ciphertexts)…`);
    const pairs = await seedPairs(apiDb, crypto, PAIRS, say);

    if (CPU_PROFILE) await probe(api, 'cpu-profile:start');
    result.passerelle = {};
    for (const transport of TRANSPORTS) {
      const samples = [];
      const sampler = setInterval(() => samples.push(rssMb(api.pid)), 1000);
      const memoryBefore = rssMb(api.pid);
      say(`Passerelle, sending over ${transport}: ${pairs.length * 2} clients, rates ${RATES.join(', ')} msg/s, ${STEP_SECONDS} s each…`);
      const loadBefore = loadAverage();
      const apiCpu = cpuSampler(api.pid, cluster.dir);
      const passerelle = await runLoad({ mode: 'passerelle', transport, url, pairs, rates: RATES, stepSeconds: STEP_SECONDS, warmUpSeconds: WARMUP_SECONDS });
      apiCpu.stop();
      clearInterval(sampler);
      passerelle.loadAverage = { before: loadBefore, after: loadAverage() };
      passerelle.steps = apiCpu.annotate(withServerLoopDelay(passerelle.steps, apiProbeFile));
      report(`Passerelle (${transport})`, passerelle.steps);
      const memoryAfter = rssMb(api.pid);
      result.passerelle[transport] = {
        ...passerelle,
        highestRateWithP99Under100ms: best(passerelle.steps),
        apiMemoryMb: { beforeLoad: memoryBefore, afterLoad: memoryAfter, peak: Math.max(...samples.filter((m) => m !== null)), growth: memoryAfter - memoryBefore },
      };
    }
    if (CPU_PROFILE) {
      await probe(api, 'cpu-profile:stop');
      say(`CPU profile of the API under load: ${CPU_PROFILE}`);
    }
    await stop(api);
    result.baseline = null;
    result.ratio = null;
    if (WITH_BASELINE) await runBaseline(pairs);
  } finally {
    await stop(api);
    await stop(baseline);
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  write(result);

  async function runBaseline(pairs) {
    const baselineDb = await createDatabase(cluster.url, uniqueDatabaseName('bench_baseline'));
    const baselinePort = await freePort();
    const baselineProbeFile = join(dataDir, 'baseline-loop-delay.jsonl');
    baseline = spawn(process.execPath, ['--require', PROBE, join(ROOT, 'bench', 'messaging', 'baseline-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...env, BENCH_PROBE_FILE: baselineProbeFile, BENCH_CPU_PROFILE: '', DATABASE_URL: baselineDb, PORT: String(baselinePort) } });
    await new Promise((resolve) => baseline.stdout.once('data', resolve));
    say('baseline: bare socket.io + pg…');
    const bareLoadBefore = loadAverage();
    const bareCpu = cpuSampler(baseline.pid, cluster.dir);
    const bare = await runLoad({ mode: 'baseline', url: `http://127.0.0.1:${baselinePort}`, pairs, rates: [...RATES, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000].filter((r, i, all) => all.indexOf(r) === i).sort((a, b) => a - b), stepSeconds: STEP_SECONDS, warmUpSeconds: WARMUP_SECONDS });
    bareCpu.stop();
    bare.steps = bareCpu.annotate(withServerLoopDelay(bare.steps, baselineProbeFile));
    report('baseline', bare.steps);
    bare.loadAverage = { before: bareLoadBefore, after: loadAverage() };
    result.baseline = { ...bare, highestRateWithP99Under100ms: best(bare.steps) };
    const bareBest = result.baseline.highestRateWithP99Under100ms;
    result.ratio = Object.fromEntries(Object.entries(result.passerelle).map(([transport, p]) => [transport, bareBest ? Math.round((p.highestRateWithP99Under100ms / bareBest) * 1000) / 1000 : null]));
  }
}

function write(result) {
  result.finishedAt = new Date().toISOString();
  result.settings = { pairs: PAIRS, rates: RATES, stepSeconds: STEP_SECONDS, warmUpSeconds: WARMUP_SECONDS, transports: TRANSPORTS, baseline: WITH_BASELINE, apiEntry: API_ENTRY, apiNodeOptions: API_NODE_OPTIONS, cpuProfile: Boolean(CPU_PROFILE) };
  result.machine.loadAverageAtEnd = loadAverage();
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'messaging.json'), `${JSON.stringify(result, null, 2)}\n`);
  const passerelle = Object.entries(result.passerelle).map(([transport, p]) => `${p.highestRateWithP99Under100ms} msg/s over ${transport}`).join(', ');
  say(`written bench/results/messaging.json — Passerelle ${passerelle}; baseline ${result.baseline?.highestRateWithP99Under100ms ?? 'skipped'} msg/s; ratio ${JSON.stringify(result.ratio)}; load average ${result.machine.loadAverageAtEnd.join(' ')}`);
}

main().catch((error) => {
  say(error.stack ?? String(error));
  process.exit(1);
});
