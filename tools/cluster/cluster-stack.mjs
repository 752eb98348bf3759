// Several identical API instances behind a load balancer, on loopback, with
// standard servers only: Debian's redis-server and nginx, PostgreSQL (a
// throwaway cluster unless a database URL is given). Used by
// `npm run start:cluster` (start-cluster.mjs), the cluster e2e tier
// (apps/api-e2e/src/cluster) and `npm run bench:cluster`.
//
//   const stack = await startClusterStack({ instances: 2 });
//   stack.balancerUrl                       → http://127.0.0.1:<port>
//   stack.instances[1].kill('SIGKILL')      → an instance dies
//   await stack.instances[1].start()        → it comes back on the same port
//   await stack.stop()                      → everything stopped and removed
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, stopChild } from '../test/api-stack.mjs';
import { WORKSPACE_ROOT, createDatabase, freePort, startCluster, uniqueDatabaseName } from '../test/postgres-cluster.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function findExecutable(name, candidates) {
  for (const path of candidates) if (existsSync(path)) return path;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  throw new Error(`${name} not found: install it (apt-get install -y ${name === 'redis-server' ? 'redis-server' : 'nginx'}).`);
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port, what, child, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what} exited during start-up`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on port ${port} in time`);
    await sleep(100);
  }
}

/**
 * Debian's redis-server on a free loopback port, nothing persisted, in a
 * temp dir removed by stop(). kill() and start() stop it and bring it back
 * on the same port (a Redis outage, for the tests).
 * @returns {Promise<{ url: string, port: number, kill: () => Promise<void>, start: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startRedis({ log = () => undefined } = {}) {
  const bin = findExecutable('redis-server', ['/usr/bin/redis-server']);
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-redis-'));
  const port = await freePort();
  let child = null;
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForPort(port, 'redis-server', child);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  log(`redis-server ready on 127.0.0.1:${port}`);
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop };
}

/**
 * The balancer's configuration. Plain round robin, no stickiness: the
 * clients use socket.io's WebSocket transport only (the web app does), and
 * a WebSocket is one TCP connection, which nginx keeps on the instance it
 * picked; any instance can serve any request, since nothing lives in an
 * instance's memory. (HTTP long-polling would need every request of a
 * session on the same instance — ip_hash — and ip_hash keys IPv4 clients
 * on their first three octets only, which sends all loopback clients, and
 * whole NATed networks, to one instance.) When an instance dies, its
 * WebSockets close, the clients reconnect through nginx and land on a
 * survivor; requests nginx could not hand over (connection refused) go to
 * the next instance, a request that was already sent is not retried.
 */
export function nginxConfig({ prefix, port, upstreams }) {
  return `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream passerelle {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    # SAS attachments are up to 50 MB, streamed by the API as they arrive.
    client_max_body_size 60m;
    proxy_request_buffering off;
    # Metrics are read on each instance directly (loopback or METRICS_TOKEN), never through the balancer.
    location = /metrics { return 404; }
    location / {
      proxy_pass http://passerelle;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # No TLS here: nobody may claim a verified client certificate.
      proxy_set_header X-SSL-Client-Verify "";
      proxy_set_header X-SSL-Client-S-DN "";
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
`;
}

/**
 * Debian's nginx in front of `upstreams` (ports on 127.0.0.1), listening on
 * `port` (a free loopback port by default), its own config and files in a
 * temp dir (`nginx -p prefix -c conf -g 'daemon off;'`).
 * @returns {Promise<{ url: string, port: number, prefix: string, stop: () => Promise<void> }>}
 */
export async function startBalancer({ upstreams, port: wantedPort, log = () => undefined }) {
  const bin = findExecutable('nginx', ['/usr/sbin/nginx']);
  const prefix = mkdtempSync(join(tmpdir(), 'passerelle-nginx-'));
  // As root, nginx's workers run as "nobody": they must reach the temp dirs under the prefix.
  chmodSync(prefix, 0o755);
  const port = wantedPort ?? (await freePort());
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ prefix, port, upstreams }));
  const child = spawn(bin, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const stop = async () => {
    // SIGQUIT: graceful nginx shutdown; it closes proxied WebSockets too.
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGQUIT');
      });
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 'nginx', child);
  } catch (error) {
    const errorLog = existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '';
    await stop();
    throw new Error(`${error.message}\n${stderr}${errorLog}`);
  }
  log(`nginx balancing 127.0.0.1:${port} over ${upstreams.map((p) => `:${p}`).join(', ')}`);
  return { url: `http://127.0.0.1:${port}`, port, prefix, stop };
}

/**
 * PostgreSQL + Redis + `instances` API instances + nginx.
 * @param {object} [options]
 * @param {number} [options.instances]      2
 * @param {string} [options.name]           label of the database, logs and instance ids ('cluster')
 * @param {string} [options.databaseUrl]    use this database (default: a new one on a throwaway cluster)
 * @param {string} [options.redisUrl]       use this Redis (default: a new redis-server)
 * @param {number} [options.port]           the balancer's port (default: a free one)
 * @param {Record<string,string>} [options.env]  more environment for every instance
 * @param {string} [options.logDir]         where the instances' output goes (tmp/test-results)
 * @param {(line: string) => void} [options.log]
 */
export async function startClusterStack({
  instances: count = 2,
  name = 'cluster',
  databaseUrl: givenDatabaseUrl,
  redisUrl: givenRedisUrl,
  port,
  env = {},
  logDir = join(WORKSPACE_ROOT, 'tmp', 'test-results'),
  readyTimeoutMs = 120_000,
  log = () => undefined,
} = {}) {
  const cleanups = [];
  const stop = async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()();
      } catch (error) {
        log(`clean-up step failed: ${error.message}`);
      }
    }
  };
  try {
    let databaseUrl = givenDatabaseUrl;
    let postgres = null;
    if (!databaseUrl) {
      postgres = await startCluster({ log });
      cleanups.push(() => postgres.stop());
      databaseUrl = await createDatabase(postgres.url, uniqueDatabaseName(name));
    }
    let redisUrl = givenRedisUrl;
    let redis = null;
    if (!redisUrl) {
      redis = await startRedis({ log });
      cleanups.push(() => redis.stop());
      redisUrl = redis.url;
    }
    const work = mkdtempSync(join(tmpdir(), `passerelle-${name}-`));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    const fileStoreDir = join(work, 'files');
    mkdirSync(fileStoreDir, { recursive: true });
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const balancerPort = port ?? (await freePort());
    const balancerUrl = `http://127.0.0.1:${balancerPort}`;
    // What every instance must share (README "Running several instances").
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      SECRET_KEY: randomBytes(32).toString('hex'),
      FILE_STORE_DIR: fileStoreDir,
      PUBLIC_URL: balancerUrl,
      TRUST_PROXY_HOPS: '1',
      ...env,
    };

    const instances = ports.map((instancePort, index) => {
      const id = `${name}-${String.fromCharCode(97 + index)}`;
      const dataDir = join(work, id);
      mkdirSync(dataDir, { recursive: true });
      let api = null;
      let starts = 0;
      const instance = {
        id,
        port: instancePort,
        url: `http://127.0.0.1:${instancePort}`,
        get pid() {
          return api?.pid ?? null;
        },
        isAlive: () => api?.isAlive() ?? false,
        exit: () => api?.exit() ?? null,
        output: () => api?.output() ?? '',
        async start() {
          if (api?.isAlive()) return;
          starts++;
          api = await startApi({
            databaseUrl,
            dataDir,
            port: instancePort,
            logFile: join(logDir, `${id}${starts > 1 ? `-${starts}` : ''}.log`),
            env: { ...shared, INSTANCE_ID: id },
            readyTimeoutMs,
          });
        },
        /** Sends a signal; resolves when the process has exited. */
        async kill(signal = 'SIGKILL') {
          const pid = api?.pid;
          if (!pid || !api.isAlive()) return api?.exit() ?? null;
          process.kill(pid, signal);
          const deadline = Date.now() + 60_000;
          while (api.isAlive() && Date.now() < deadline) await sleep(50);
          return api.exit();
        },
        stop: () => api?.stop() ?? Promise.resolve(),
      };
      return instance;
    });
    cleanups.push(() => Promise.all(instances.map((i) => i.stop())));
    const started = Date.now();
    // Started together on purpose: migrations and demo data are taken under advisory locks.
    await Promise.all(instances.map((i) => i.start()));
    log(`${count} API instances ready in ${Date.now() - started} ms: ${instances.map((i) => `${i.id} ${i.url}`).join(', ')}`);
    const balancer = await startBalancer({ upstreams: ports, port: balancerPort, log });
    cleanups.push(() => balancer.stop());
    return { balancerUrl: balancer.url, instances, databaseUrl, redisUrl, redis, fileStoreDir, adminUrl: postgres?.url ?? null, env: shared, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
