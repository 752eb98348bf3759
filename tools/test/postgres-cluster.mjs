// A throwaway PostgreSQL cluster for tests: initdb in a fresh temp dir, a
// server on a free loopback port, removed again by stop().
//
// Library:  const { url, stop } = await startCluster();
//           const dbUrl = await createDatabase(url, 'my_suite');
// CLI:      node tools/test/postgres-cluster.mjs -- <command...>
//           runs <command> with DATABASE_URL and TEST_PG_ADMIN_URL set, stops
//           the cluster whatever happens and exits with the command's code.
//
// Needs only node and `pg`. PostgreSQL refuses to run as root, so as root the
// server runs as the `postgres` system user (created if missing).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const HERE = dirname(fileURLToPath(import.meta.url));
export const WORKSPACE_ROOT = resolve(HERE, '../..');

const PG_BIN_CANDIDATES = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean);
const SERVER_USER = 'postgres';

/** Directory holding initdb/pg_ctl/postgres: $PG_BIN, Debian's PG 15, or PATH. */
export function findPostgresBin() {
  for (const dir of PG_BIN_CANDIDATES) {
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries not found (initdb). Install postgresql-15 ' +
      '(apt-get install -y postgresql-15) or set PG_BIN to the directory holding initdb.',
  );
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function ensureServerUser() {
  if (spawnSync('id', ['-u', SERVER_USER], { stdio: 'ignore' }).status === 0) return;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], {
    stdio: 'inherit',
  });
}

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function runPgTool(bin, tool, args, { timeoutMs = 120_000 } = {}) {
  const exe = join(bin, tool);
  const [cmd, cmdArgs] = isRoot() ? ['runuser', ['-u', SERVER_USER, '--', exe, ...args]] : [exe, args];
  const result = spawnSync(cmd, cmdArgs, { encoding: 'utf8', timeout: timeoutMs, cwd: '/' });
  if (result.error) throw result.error;
  return result;
}

function pgToolOrThrow(bin, tool, args, options) {
  const result = runPgTool(bin, tool, args, options);
  if (result.status !== 0) {
    throw new Error(`${tool} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** A temp dir the server user can reach: as root, TMPDIR may sit under a 0700 home. */
function makeTempDir() {
  const bases = [tmpdir(), '/tmp'];
  for (const base of bases) {
    const dir = mkdtempSync(join(base, 'passerelle-pg-'));
    if (!isRoot()) return dir;
    execFileSync('chown', [`${SERVER_USER}:`, dir]);
    if (spawnSync('runuser', ['-u', SERVER_USER, '--', 'test', '-w', dir], { stdio: 'ignore' }).status === 0) {
      return dir;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`No temp directory writable by the ${SERVER_USER} user (tried ${bases.join(', ')}).`);
}

async function waitForConnections(url, deadline, logFile) {
  let lastError;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no server log)';
  throw new Error(`PostgreSQL did not accept connections in time: ${lastError?.message}\n${log}`);
}

/**
 * Stops a cluster's server and removes its directory. Safe to call on a
 * half-started cluster; used by stop() and by the watchdog.
 */
function destroyCluster(bin, dir) {
  const dataDir = join(dir, 'data');
  if (existsSync(join(dataDir, 'postmaster.pid'))) {
    const result = runPgTool(bin, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], {
      timeoutMs: 40_000,
    });
    if (result.status !== 0) {
      // Last resort: the postmaster's pid is the first line of postmaster.pid.
      try {
        const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A detached process that removes the cluster if its owner dies without
 * calling stop() (jest killed, Ctrl-C during global setup…), so no server is
 * left running on a CI machine.
 */
function startWatchdog(bin, dir) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--watchdog', String(process.pid), bin, dir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child;
}

/**
 * Starts a throwaway cluster. Resolves once it accepts connections.
 * @returns {Promise<{ url: string, port: number, dir: string, stop: () => Promise<void> }>}
 *   url: superuser URL of database `postgres` (trust auth on 127.0.0.1).
 */
export async function startCluster({ startTimeoutMs = 60_000, log = () => undefined } = {}) {
  const bin = findPostgresBin();
  if (isRoot()) ensureServerUser();
  const dir = makeTempDir();
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  const logFile = join(dir, 'server.log');
  const watchdog = startWatchdog(bin, dir);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      destroyCluster(bin, dir);
    } finally {
      try {
        process.kill(watchdog.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  try {
    const started = Date.now();
    pgToolOrThrow(bin, 'initdb', [
      '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
    ]);
    if (isRoot()) execFileSync('runuser', ['-u', SERVER_USER, '--', 'mkdir', socketDir]);
    else execFileSync('mkdir', [socketDir]);

    // The port is chosen free just before the server binds it; another process
    // may grab it in between, so retry a few times on "address in use".
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      writeFileSync(
        join(dir, 'settings.conf'),
        [
          `port = ${port}`,
          `listen_addresses = '127.0.0.1'`,
          `unix_socket_directories = '${socketDir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 300',
          "timezone = 'UTC'",
          'log_min_messages = warning',
          '',
        ].join('\n'),
      );
      if (isRoot()) execFileSync('chown', [`${SERVER_USER}:`, join(dir, 'settings.conf')]);
      if (attempt === 1) appendFileSync(join(dataDir, 'postgresql.conf'), `\ninclude '${join(dir, 'settings.conf')}'\n`);
      const result = runPgTool(bin, 'pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', String(Math.ceil(startTimeoutMs / 1000))], {
        timeoutMs: startTimeoutMs + 10_000,
      });
      if (result.status === 0) {
        const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
        await waitForConnections(url, Date.now() + startTimeoutMs, logFile);
        log(`PostgreSQL ready on 127.0.0.1:${port} in ${Date.now() - started} ms (${dir})`);
        return { url, port, dir, stop };
      }
      const serverLog = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (attempt < 3 && /could not bind|Address already in use/i.test(serverLog)) continue;
      throw new Error(`pg_ctl start failed (exit ${result.status}):\n${result.stdout}${result.stderr}\n${serverLog}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates database `name` (dropping a previous one of that name) on the
 * server of `adminUrl` and returns its URL.
 * @param {string} adminUrl a superuser URL, e.g. startCluster().url or $TEST_PG_ADMIN_URL
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function createDatabase(adminUrl, name) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`Invalid database name "${name}": use lower-case letters, digits and _ (max 63).`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
    await client.query(`create database ${quoteIdent(name)} template template0 encoding 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name` (closing its connections). */
export async function dropDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  } finally {
    await client.end();
  }
}

/** A unique, valid database name: `<prefix>_<random>`. */
export function uniqueDatabaseName(prefix = 'test') {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z_]/, '_').slice(0, 40);
  return `${clean}_${randomBytes(5).toString('hex')}`;
}

// ---------------------------------------------------------------------------
// CLI

async function runWatchdog([ownerPid, bin, dir]) {
  const alive = () => {
    try {
      process.kill(Number(ownerPid), 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive() && existsSync(dir)) await new Promise((r) => setTimeout(r, 1_000));
  if (existsSync(dir)) destroyCluster(bin, dir);
}

async function runCommand(command) {
  if (command.length === 0) {
    process.stderr.write('usage: node tools/test/postgres-cluster.mjs -- <command> [args...]\n');
    process.exit(2);
  }
  const say = (line) => process.stderr.write(`[postgres-cluster] ${line}\n`);
  // Killed before the command starts? The watchdog removes the cluster.
  const cluster = await startCluster({ log: say });
  let exiting = false;
  const finish = async (code) => {
    if (exiting) return;
    exiting = true;
    try {
      await cluster.stop();
      say('cluster stopped and removed');
    } catch (error) {
      say(`could not stop the cluster cleanly: ${error.message}`);
    }
    process.exit(code);
  };
  const binDir = join(WORKSPACE_ROOT, 'node_modules', '.bin');
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
      DATABASE_URL: cluster.url,
      TEST_PG_ADMIN_URL: cluster.url,
    },
  });
  const signals = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const [signal, number] of Object.entries(signals)) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
      // Give the command a moment to exit on its own, then clean up anyway.
      setTimeout(() => void finish(128 + number), 5_000).unref();
    });
  }
  child.on('error', (error) => {
    say(`could not run ${command[0]}: ${error.message}`);
    void finish(127);
  });
  child.on('exit', (code, signal) => {
    void finish(code ?? 128 + (signals[signal] ?? 1));
  });
}

// No top-level await: the e2e setups load this module with require().
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const run = args[0] === '--watchdog' ? runWatchdog(args.slice(1)) : runCommand(args[0] === '--' ? args.slice(1) : args);
  run.catch((error) => {
    process.stderr.write(`[postgres-cluster] ${error.stack ?? error}\n`);
    process.exit(1);
  });
}

export default { startCluster, createDatabase, dropDatabase, uniqueDatabaseName, freePort, findPostgresBin };
