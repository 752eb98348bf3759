// `npm run start:cluster`: N identical API instances behind nginx on
// loopback, for demos and manual tests (README "Running several instances").
//
//   CLUSTER_INSTANCES  number of API instances (2)
//   PORT               the balancer's port (3000)
//   DATABASE_URL       use this PostgreSQL database (default: a throwaway cluster, removed at exit)
//   REDIS_URL          use this Redis (default: a redis-server of its own, removed at exit)
//   SECRET_KEY, FILE_STORE_DIR, PUBLIC_URL, TRUST_PROXY_HOPS   default: generated, a temp dir, the balancer, 1
//   any other variable of the README's Configuration table is passed to every instance
//
// Ctrl-C stops everything. Expects a built API and web app (npm run start:cluster builds them).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../test/postgres-cluster.mjs';
import { startClusterStack } from './cluster-stack.mjs';

const say = (line) => process.stderr.write(`[cluster] ${line}\n`);
const count = Number(process.env.CLUSTER_INSTANCES ?? 2);
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(count) || count < 1 || count > 16) {
  say('CLUSTER_INSTANCES must be a whole number between 1 and 16');
  process.exit(2);
}
if (!existsSync(join(WORKSPACE_ROOT, 'dist', 'apps', 'api', 'main.js'))) {
  say('dist/apps/api/main.js is missing: run `npm run build` first (npm run start:cluster does).');
  process.exit(2);
}

// Every instance inherits this environment (tools/test/api-stack.mjs startApi), with its own PORT, DATA_DIR and INSTANCE_ID.
const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
const stack = await startClusterStack({
  instances: count,
  name: 'cluster',
  port,
  databaseUrl,
  redisUrl,
  // Given ones win over the stack's defaults (a generated key, the balancer's URL, a temp directory).
  env: Object.fromEntries(['SECRET_KEY', 'PUBLIC_URL', 'FILE_STORE_DIR', 'TRUST_PROXY_HOPS'].filter((name) => process.env[name]).map((name) => [name, process.env[name]])),
  logDir: join(WORKSPACE_ROOT, 'tmp', 'cluster'),
  log: say,
});

say(`Passerelle on ${stack.balancerUrl} — ${count} instances behind nginx:`);
for (const instance of stack.instances) say(`  ${instance.id}  ${instance.url}  pid ${instance.pid}  metrics ${instance.url}/metrics  log tmp/cluster/${instance.id}.log`);
say(`database ${databaseUrl ? '(DATABASE_URL)' : '(throwaway, removed at exit)'}, Redis ${stack.redisUrl}, shared files ${stack.fileStoreDir}`);
say('Ctrl-C to stop everything.');

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping the balancer, the instances, Redis and PostgreSQL…`);
  await stack.stop();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
// An instance that dies stays dead (that is what the balancer is for); say so.
const watch = setInterval(() => {
  for (const instance of stack.instances) {
    const exit = instance.exit();
    if (exit && !instance.reported) {
      instance.reported = true;
      say(`${instance.id} exited (code ${exit.code}, signal ${exit.signal}); the others keep serving`);
    }
  }
}, 1000);
watch.unref();
await new Promise(() => undefined);
