// node bench/messaging/statements.mjs — SQL statements per message sent
// through POST /api/messaging/threads/:id/messages (the benchmark's send
// path): the built API on a throwaway cluster with log_statement = 'all',
// a few warm-up messages, then BENCH_STATEMENT_MESSAGES messages one after
// the other, and the statements PostgreSQL logged for them (BEGIN/COMMIT
// included), grouped by their first words. Needs the built API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, freePort, startCluster, uniqueDatabaseName } from '../../tools/test/postgres-cluster.mjs';
import { loadCryptoLib, ROOT } from './crypto-lib.mjs';
import { seedPairs } from './seed.mjs';

const MESSAGES = Number(process.env.BENCH_STATEMENT_MESSAGES ?? 20);
const say = (line) => process.stderr.write(`[statements] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function send(url, pair, from) {
  const response = await fetch(`${url}/api/messaging/threads/${pair.threadId}/messages`, {
    method: 'POST',
    headers: { cookie: `passerelle_session=${from.token}; XSRF-TOKEN=${from.csrf}`, 'x-xsrf-token': from.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ body: from.body }),
  });
  if (response.status !== 201) throw new Error(`send answered ${response.status}: ${await response.text()}`);
}

async function main() {
  const crypto = await loadCryptoLib();
  const cluster = await startCluster({ log: say });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-statements-'));
  let api;
  try {
    const name = uniqueDatabaseName('bench_statements');
    const db = await createDatabase(cluster.url, name);
    const port = await freePort();
    api = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', SESSION_COOKIE_SECURE: 'false', NODE_ENV: 'production' },
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if ((await fetch(`${url}/ready`).then((r) => r.status, () => 0)) === 200) break;
      if (i > 360) throw new Error('API not ready');
      await sleep(250);
    }
    const [pair] = await seedPairs(db, crypto, 1, say);
    // Warm-up: first use of each prepared statement, Prisma's and the pool's connections.
    for (let i = 0; i < 4; i++) await send(url, pair, i % 2 ? pair.doctor : pair.patient);
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
    await sleep(500);
    const logFile = join(cluster.dir, 'server.log');
    const from = statSync(logFile).size;
    for (let i = 0; i < MESSAGES; i++) await send(url, pair, i % 2 ? pair.doctor : pair.patient);
    await sleep(500);
    const log = readFileSync(logFile).subarray(from).toString('utf8');
    const statements = [...log.matchAll(/LOG:\s+(?:statement|execute [^:]*):\s+([\s\S]*?)(?=\n\S|$)/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
    const groups = new Map();
    for (const s of statements) {
      const key = s.slice(0, 90);
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const result = { messages: MESSAGES, statements: statements.length, perMessage: Math.round((statements.length / MESSAGES) * 10) / 10, byStatement: Object.fromEntries([...groups].sort((a, b) => b[1] - a[1])) };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
