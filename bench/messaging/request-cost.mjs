// CPU cost of one request, by route: the built API on a throwaway cluster,
// BENCH_PAIRS (20) seeded pairs with both people's socket.io clients
// connected, then for each kind of request N of them (REQUEST_COST_N, 2000)
// with REQUEST_COST_CONCURRENCY (4) in flight, and the CPU time (user +
// system, from /proc) the API and PostgreSQL used, per request. CPU time
// hardly depends on what else the shared machine runs, unlike latency: this
// is the figure to compare before and after a change to the send path.
//   node bench/messaging/request-cost.mjs       (built API needed)
// Kinds: GET /health (HTTP stack floor: no guard, no database), GET
// /api/auth/session (+ the session read), POST a message (the whole send
// path with its fan-out to two sockets), the same message sent with
// message:send over the sender's socket. REQUEST_COST_KINDS="GET /health,…"
// runs some of them only; REQUEST_COST_NODE_OPTIONS adds flags to the API
// (e.g. --perf-basic-prof to read a `perf record` of it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { Agent, request } from 'undici';
import { createDatabase, freePort, startCluster, uniqueDatabaseName } from '../../tools/test/postgres-cluster.mjs';
import { loadCryptoLib, ROOT } from './crypto-lib.mjs';
import { seedPairs } from './seed.mjs';

const env = process.env;
// 20 pairs × 600 requests a minute per address (the API's throttle) bounds what one run can send.
const N = Number(env.REQUEST_COST_N ?? 2000);
// Requests of each kind sent first, unmeasured: the JIT compiler's work is a start-up cost.
const WARMUP = Number(env.REQUEST_COST_WARMUP ?? 1000);
const CONCURRENCY = Number(env.REQUEST_COST_CONCURRENCY ?? 4);
const PAIRS = Number(env.BENCH_PAIRS ?? 20);
const ENTRY = env.REQUEST_COST_ENTRY ?? join('dist', 'apps', 'api', 'main.js');
const say = (line) => process.stderr.write(`[request-cost] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU milliseconds (user + system) a process has used, from /proc (USER_HZ = 100). */
const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
    return { parent: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * 10 };
  } catch {
    return { parent: null, ms: 0 };
  }
};
/** PostgreSQL's CPU milliseconds: the postmaster and its children. */
function postgresCpu(clusterDir) {
  const postmaster = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuOf(postmaster).ms;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = cpuOf(entry);
    if (cpu.parent === postmaster) total += cpu.ms;
  }
  return total;
}

async function main() {
  const crypto = await loadCryptoLib();
  const cluster = await startCluster({ log: say });
  const dataDir = mkdtempSync(join(tmpdir(), 'request-cost-'));
  let api;
  try {
    const db = await createDatabase(cluster.url, uniqueDatabaseName('request_cost'));
    const port = await freePort();
    api = spawn(process.execPath, [...(env.REQUEST_COST_NODE_OPTIONS ?? '').split(' ').filter(Boolean), join(ROOT, ENTRY)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', SESSION_COOKIE_SECURE: 'false', NODE_ENV: 'production' },
    });
    say(`API pid ${api.pid} (${ENTRY})`);
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (i > 360) throw new Error('API not ready');
      if ((await fetch(`${url}/ready`).then((r) => r.status).catch(() => 0)) === 200) break;
      await sleep(250);
    }
    const pairs = await seedPairs(db, crypto, PAIRS, () => undefined);
    const sockets = [];
    let received = 0;
    for (const pair of pairs) {
      for (const account of [pair.patient, pair.doctor]) {
        const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: `passerelle_session=${account.token}` } });
        socket.on('message:new', (_message, ack) => {
          received++;
          if (typeof ack === 'function') ack({ ok: true });
        });
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        sockets.push(socket);
      }
    }
    // One client address per pair, like distinct users (the API throttles per IP).
    const loopback = (i) => `127.${1 + (i >> 16) % 254}.${(i >> 8) & 255}.${1 + (i & 255) % 254}`;
    const agents = pairs.map((_, i) => new Agent({ localAddress: loopback(i + 1), connections: CONCURRENCY, keepAliveTimeout: 30_000 }));
    const kinds = {
      'GET /health': async (i) => {
        const r = await request(`${url}/health`, { dispatcher: agents[i % agents.length] });
        await r.body.text();
        return r.statusCode === 200;
      },
      'GET /api/auth/session': async (i) => {
        const from = pairs[i % pairs.length].patient;
        const r = await request(`${url}/api/auth/session`, { dispatcher: agents[i % agents.length], headers: { cookie: `passerelle_session=${from.token}; XSRF-TOKEN=${from.csrf}` } });
        await r.body.text();
        return r.statusCode === 200;
      },
      'socket message:send': async (i) => {
        const pair = pairs[i % pairs.length];
        const fromDoctor = Math.floor(i / pairs.length) % 2 === 1;
        const socket = sockets[(i % pairs.length) * 2 + (fromDoctor ? 1 : 0)];
        const result = await socket.timeout(10_000).emitWithAck('message:send', { threadId: pair.threadId, body: (fromDoctor ? pair.doctor : pair.patient).body });
        return result?.ok === true;
      },
      'POST message': async (i) => {
        const pair = pairs[i % pairs.length];
        const from = Math.floor(i / pairs.length) % 2 === 0 ? pair.patient : pair.doctor;
        const r = await request(`${url}/api/messaging/threads/${pair.threadId}/messages`, {
          method: 'POST',
          dispatcher: agents[i % agents.length],
          headers: { cookie: `passerelle_session=${from.token}; XSRF-TOKEN=${from.csrf}`, 'x-xsrf-token': from.csrf, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ body: from.body }),
        });
        await r.body.text();
        return r.statusCode === 201;
      },
    };
    const results = {};
    const only = env.REQUEST_COST_KINDS?.split(',');
    for (const [kind, send] of Object.entries(kinds).filter(([k]) => !only || only.includes(k))) {
      // Warm-up (JIT), then the measured run.
      for (const count of [WARMUP, N]) {
        let next = 0;
        let failed = 0;
        received = 0;
        await sleep(300);
        if (count === N) say(`measuring ${kind}…`);
        const [apiBefore, pgBefore, started] = [cpuOf(api.pid).ms, postgresCpu(cluster.dir), performance.now()];
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < count) {
              const i = next++;
              if (!(await send(i))) failed++;
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        await sleep(300); // deliveries and acknowledgements settle
        const [apiAfter, pgAfter] = [cpuOf(api.pid).ms, postgresCpu(cluster.dir)];
        if (count === N) {
          results[kind] = {
            requests: count,
            failed,
            delivered: received,
            perSecond: Math.round(count / seconds),
            apiCpuMsPerRequest: Math.round(((apiAfter - apiBefore) / count) * 1000) / 1000,
            postgresCpuMsPerRequest: Math.round(((pgAfter - pgBefore) / count) * 1000) / 1000,
          };
          say(`${kind}: ${JSON.stringify(results[kind])}`);
        }
      }
    }
    for (const socket of sockets) socket.disconnect();
    await Promise.all(agents.map((a) => a.close()));
    process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), entry: ENTRY, concurrency: CONCURRENCY, results })}\n`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    }
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  say(error.stack ?? String(error));
  process.exit(1);
});
