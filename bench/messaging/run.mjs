// npm run bench:messaging — see README.md next to this file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, freePort, startCluster, uniqueDatabaseName } from '../../tools/test/postgres-cluster.mjs';
import { loadCryptoLib, openPgpCost, ROOT } from './crypto-lib.mjs';
import { runLoad } from './run-load.mjs';
import { seedPairs } from './seed.mjs';

const env = process.env;
const PAIRS = Number(env.BENCH_PAIRS ?? 500);
const RATES = (env.BENCH_RATES ?? '250,500,750,1000,1500,2000').split(',').map(Number);
const STEP_SECONDS = Number(env.BENCH_STEP_SECONDS ?? 60);
const say = (line) => process.stderr.write(`[bench:messaging] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
  } catch {
    return null;
  }
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

const best = (steps) =>
  steps.filter((s) => s.p99Ms !== null && s.p99Ms <= 100 && s.lost === 0 && s.duplicates === 0 && s.achievedRate >= 0.9 * s.targetRate).reduce((max, s) => Math.max(max, s.achievedRate), 0);

async function main() {
  const result = { startedAt: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };

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
    api = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: apiDb, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', SESSION_COOKIE_SECURE: 'false', NODE_ENV: 'production' },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(async () => (await fetch(`${url}/ready`)).status === 200, api, 'API');

    say(`seeding ${PAIRS} pairs (keys, threads, sessions, ciphertexts)…`);
    const pairs = await seedPairs(apiDb, crypto, PAIRS, say);

    const samples = [];
    const sampler = setInterval(() => samples.push(rssMb(api.pid)), 1000);
    const memoryBefore = rssMb(api.pid);
    say(`Passerelle: ${pairs.length * 2} clients, rates ${RATES.join(', ')} msg/s, ${STEP_SECONDS} s each…`);
    const passerelle = await runLoad({ mode: 'passerelle', url, pairs, rates: RATES, stepSeconds: STEP_SECONDS });
    clearInterval(sampler);
    const memoryAfter = rssMb(api.pid);
    result.passerelle = {
      ...passerelle,
      highestRateWithP99Under100ms: best(passerelle.steps),
      apiMemoryMb: { beforeLoad: memoryBefore, afterLoad: memoryAfter, peak: Math.max(...samples.filter((s) => s !== null)), growth: memoryAfter - memoryBefore },
    };
    await stop(api);

    const baselineDb = await createDatabase(cluster.url, uniqueDatabaseName('bench_baseline'));
    const baselinePort = await freePort();
    baseline = spawn(process.execPath, [join(ROOT, 'bench', 'messaging', 'baseline-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...env, DATABASE_URL: baselineDb, PORT: String(baselinePort) } });
    await new Promise((resolve) => baseline.stdout.once('data', resolve));
    say('baseline: bare socket.io + pg…');
    const bare = await runLoad({ mode: 'baseline', url: `http://127.0.0.1:${baselinePort}`, pairs, rates: [...RATES, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000].filter((r, i, all) => all.indexOf(r) === i).sort((a, b) => a - b), stepSeconds: STEP_SECONDS });
    result.baseline = { ...bare, highestRateWithP99Under100ms: best(bare.steps) };
    result.ratio = result.baseline.highestRateWithP99Under100ms ? Math.round((result.passerelle.highestRateWithP99Under100ms / result.baseline.highestRateWithP99Under100ms) * 1000) / 1000 : null;
  } finally {
    await stop(api);
    await stop(baseline);
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  result.finishedAt = new Date().toISOString();
  result.settings = { pairs: PAIRS, rates: RATES, stepSeconds: STEP_SECONDS };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'messaging.json'), `${JSON.stringify(result, null, 2)}\n`);
  say(`written bench/results/messaging.json — Passerelle ${result.passerelle.highestRateWithP99Under100ms} msg/s, baseline ${result.baseline.highestRateWithP99Under100ms} msg/s, ratio ${result.ratio}`);
}

main().catch((error) => {
  say(error.stack ?? String(error));
  process.exit(1);
});
