// The whole application for e2e tests: a fresh database (on a throwaway
// cluster, or on $TEST_PG_ADMIN_URL's server when given) and the BUILT API
// (`node dist/apps/api/main.js`, which also serves the built web app) on a
// free port. Used by the global setups of apps/api-e2e and apps/web-e2e.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  WORKSPACE_ROOT,
  createDatabase,
  dropDatabase,
  freePort,
  startCluster,
  uniqueDatabaseName,
} from './postgres-cluster.mjs';

const DEFAULT_ENTRY = 'dist/apps/api/main.js';
const TAIL_BYTES = 64 * 1024;

const say = (line) => process.stderr.write(`[api-stack] ${line}\n`);

/** Keeps the last `limit` bytes written to it. */
function tail(limit) {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString()).slice(-limit);
    },
    get text() {
      return text;
    },
  };
}

async function waitUntilReady(baseUrl, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The API exited during start-up (code ${child.exitCode}, signal ${child.signalCode}). Its output:\n${output.text}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `GET /ready → ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = `GET /ready → ${error.cause?.code ?? error.message}`;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The API was not ready after ${timeoutMs / 1000} s (${last}). Its output:\n${output.text}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child, graceMs = 10_000) {
  if (!child) return Promise.resolve();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the built API (`node <entry>`) against `databaseUrl` on `port` (a
 * free loopback port by default) and resolves once GET /ready answers 200.
 * The environment is the one every caller needs (loopback, no Secure
 * cookie) plus `env`. Used by startApiStack and by the benchmarks
 * (bench/agenda), which restart it on the same port and database.
 * @param {object} options
 * @param {string} options.databaseUrl
 * @param {string} options.dataDir      DATA_DIR of the API
 * @param {string} options.logFile      where to copy the API's output
 * @param {string} [options.entry]      built API entry, relative to the workspace
 * @param {number} [options.port]
 * @param {Record<string,string>} [options.env]
 * @param {string[]} [options.nodeArgs]  flags for node before the entry (e.g. --cpu-prof, not allowed in NODE_OPTIONS)
 * @param {number} [options.readyTimeoutMs]  60 000
 * @returns {Promise<{ baseUrl: string, port: number, pid: number, logFile: string, stop: () => Promise<void>, isAlive: () => boolean, exit: () => ({ code: number|null, signal: string|null, at: string } | null), output: () => string }>}
 */
export async function startApi({
  databaseUrl,
  dataDir,
  logFile,
  entry = process.env.PASSERELLE_E2E_API_ENTRY ?? DEFAULT_ENTRY,
  port: wantedPort,
  env = {},
  nodeArgs = [],
  readyTimeoutMs = 60_000,
}) {
  const entryPath = resolve(WORKSPACE_ROOT, entry);
  if (!existsSync(entryPath)) {
    throw new Error(`${entry} does not exist: build first (npx nx run-many -t build -p api web).`);
  }
  const port = wantedPort ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const output = tail(TAIL_BYTES);
  const child = spawn(process.execPath, [...nodeArgs, entryPath], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SESSION_COOKIE_SECURE: 'false',
      ...env,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output.push(chunk);
      log.write(chunk);
    });
  }
  let exit = null;
  child.once('exit', (code, signal) => {
    exit = { code, signal, at: new Date().toISOString() };
  });
  const stop = async () => {
    await stopChild(child);
    await new Promise((r) => log.end(r));
  };
  try {
    await waitUntilReady(baseUrl, child, output, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    port,
    pid: child.pid,
    logFile,
    stop,
    isAlive: () => exit === null,
    exit: () => exit,
    output: () => output.text,
  };
}

/**
 * Starts database + API and resolves when GET /ready answers 200.
 * @param {object} [options]
 * @param {string} [options.name]         label for the database and log file ('e2e')
 * @param {string} [options.adminUrl]     reuse this server (default: $TEST_PG_ADMIN_URL, else a new cluster)
 * @param {string} [options.entry]        built API entry, relative to the workspace
 *   (default: $PASSERELLE_E2E_API_ENTRY, else 'dist/apps/api/main.js')
 * @param {Record<string,string>} [options.env]  extra environment for the API
 * @param {number} [options.readyTimeoutMs]      60 000
 * @param {string} [options.logFile]      where to copy the API's output (tmp/test-results/<name>-api.log)
 * @returns {Promise<{ baseUrl: string, port: number, databaseUrl: string, dataDir: string, stateDir: string, logFile: string, stop: () => Promise<void> }>}
 *   stateDir: scratch dir for the tests' shared state; exported as PASSERELLE_E2E_STATE_DIR by the setups.
 */
export async function startApiStack({
  name = 'e2e',
  adminUrl = process.env.TEST_PG_ADMIN_URL,
  entry = process.env.PASSERELLE_E2E_API_ENTRY ?? DEFAULT_ENTRY,
  env = {},
  readyTimeoutMs = 60_000,
  logFile = join(WORKSPACE_ROOT, 'tmp', 'test-results', `${name}-api.log`),
} = {}) {
  const cleanups = [];
  const stop = async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        say(`clean-up step failed: ${error.message}`);
      }
    }
  };
  try {
    let serverUrl = adminUrl;
    if (!serverUrl) {
      const cluster = await startCluster({ log: say });
      cleanups.push(() => cluster.stop());
      serverUrl = cluster.url;
    }
    const databaseName = uniqueDatabaseName(name);
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    if (adminUrl) cleanups.push(() => dropDatabase(serverUrl, databaseName));

    const dataDir = mkdtempSync(join(tmpdir(), `passerelle-${name}-data-`));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // Test-side state shared by all test files of the run (e.g. used TOTP windows).
    const stateDir = mkdtempSync(join(tmpdir(), `passerelle-${name}-state-`));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));

    say(`starting ${entry} (database ${databaseName}, log ${logFile})`);
    const started = Date.now();
    const api = await startApi({ databaseUrl, dataDir, logFile, entry, env: { NODE_ENV: 'test', ...env }, readyTimeoutMs });
    cleanups.push(() => api.stop());
    say(`API ready on ${api.baseUrl} in ${Date.now() - started} ms`);
    const { baseUrl, port } = api;
    return { baseUrl, port, databaseUrl, dataDir, stateDir, logFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
