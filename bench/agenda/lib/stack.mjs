// The system under test: a throwaway PostgreSQL cluster and the built API as
// a child process (both from tools/test), and the build itself when stale.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '../../../tools/test/api-stack.mjs';
import {
  createDatabase,
  startCluster,
} from '../../../tools/test/postgres-cluster.mjs';
import { WORKSPACE_ROOT } from '../config.mjs';

const API_ENTRY = 'dist/apps/api/main.js';
const PRISMA_CLIENT = join(
  WORKSPACE_ROOT,
  'libs/api/database/src/generated/prisma/client.ts',
);
const SOURCE_ROOTS = ['apps/api/src', 'libs/api', 'libs/shared', 'prisma'];

function newestMtime(dir, skip) {
  let newest = 0;
  let newestPath = null;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (skip(full) || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else {
        const mtime = statSync(full).mtimeMs;
        if (mtime > newest) [newest, newestPath] = [mtime, full];
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { mtime: newest, path: newestPath };
}

/** Runs a command in the workspace; resolves with its exit code and the tail of its output. */
function run(command, args, env = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => (output = (output + chunk).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) =>
      resolveRun({ code: 127, output: error.message }),
    );
    child.on('exit', (code, signal) =>
      resolveRun({ code: code ?? 128, signal, output }),
    );
  });
}

/**
 * Builds the API when dist/apps/api/main.js is missing or older than any
 * source it is built from (and regenerates the Prisma client when the schema
 * is newer than it). Other engineers edit the same tree: a failed build with
 * an existing dist is reported and the existing dist is used.
 */
export async function ensureApiBuild({ skip, log }) {
  const started = Date.now();
  const entryPath = join(WORKSPACE_ROOT, API_ENTRY);
  const built = existsSync(entryPath) ? statSync(entryPath).mtimeMs : 0;
  const generatedDir = join(WORKSPACE_ROOT, 'libs/api/database/src/generated');
  const newest = SOURCE_ROOTS.map((root) =>
    newestMtime(join(WORKSPACE_ROOT, root), (p) => p.startsWith(generatedDir)),
  ).reduce((a, b) => (b.mtime > a.mtime ? b : a));
  if (built && (skip || newest.mtime <= built)) {
    return {
      status:
        skip && newest.mtime > built
          ? 'skipped (stale, BENCH_SKIP_BUILD=1)'
          : 'up-to-date',
      durationMs: Date.now() - started,
    };
  }
  log(
    `building the API (${built ? `newer source: ${newest.path.slice(WORKSPACE_ROOT.length + 1)}` : 'no dist/apps/api/main.js'}) …`,
  );
  const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const schema = statSync(join(WORKSPACE_ROOT, 'prisma/schema.prisma')).mtimeMs;
  if (!existsSync(PRISMA_CLIENT) || statSync(PRISMA_CLIENT).mtimeMs < schema) {
    log('  prisma generate (schema newer than the generated client)');
    const generate = await run('npm', ['run', '-s', 'prisma:generate'], env);
    if (generate.code !== 0)
      return buildFailed('prisma generate', generate, built, started, log);
  }
  const build = await run(
    'npx',
    ['nx', 'build', 'api', '--outputStyle=static'],
    env,
  );
  if (build.code !== 0)
    return buildFailed('nx build api', build, built, started, log);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { status: 'built', durationMs: Date.now() - started };
}

function buildFailed(step, result, hadDist, started, log) {
  const tail = result.output.split('\n').filter(Boolean).slice(-25).join('\n');
  if (!hadDist)
    throw new Error(
      `${step} failed (exit ${result.code}) and there is no dist/apps/api/main.js to fall back on:\n${tail}`,
    );
  log(
    `  ${step} FAILED (exit ${result.code}); using the existing, older dist/apps/api/main.js. Last lines:\n${tail.replace(/^/gm, '    ')}`,
  );
  return {
    status: 'build-failed-using-stale-dist',
    step,
    error: tail,
    durationMs: Date.now() - started,
  };
}

export async function startDatabase({ log }) {
  const cluster = await startCluster({ log: (line) => log(`  ${line}`) });
  const databaseUrl = await createDatabase(cluster.url, 'passerelle_bench');
  return { cluster, databaseUrl };
}

/**
 * The built API as in production (tools/test/api-stack.mjs startApi), seeding
 * the demo accounts; `port` and `runDir` restart it on the same port and data.
 */
export async function startBenchApi({
  databaseUrl,
  readyTimeoutMs,
  log,
  port,
  runDir: previousRunDir,
  env = {},
  nodeArgs = [],
  entry = API_ENTRY,
}) {
  const runDir =
    previousRunDir ?? mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  const logFile = join(
    runDir,
    previousRunDir ? `api-${Date.now()}.log` : 'api.log',
  );
  const started = Date.now();
  const api = await startApi({
    databaseUrl,
    dataDir: join(runDir, 'data'),
    logFile,
    entry,
    port,
    readyTimeoutMs,
    nodeArgs,
    env: { NODE_ENV: 'production', SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', ...env },
  });
  log(
    `  API ready on ${api.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logFile})`,
  );
  return { ...api, runDir, tail: api.output };
}
