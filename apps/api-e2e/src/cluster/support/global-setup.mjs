// The cluster tier: PostgreSQL, redis-server, two API instances and nginx in
// front of them, started once for the tier (tools/cluster/cluster-stack.mjs).
// Tests reach the balancer through PASSERELLE_E2E_BASE_URL, each instance
// directly through PASSERELLE_E2E_INSTANCES, and stop or restart an
// instance through a small control endpoint of this process
// (support/cluster.ts) — which can also stop and restart Redis — and owns
// the processes and removes everything at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusterStack } from '../../../../../tools/cluster/cluster-stack.mjs';
import { freePort } from '../../../../../tools/test/postgres-cluster.mjs';

const say = (line) => process.stderr.write(`[e2e-cluster] ${line}\n`);

function controlServer(stack) {
  const server = createServer((req, res) => {
    const redis = /^\/redis\/(kill|start)$/.exec(req.url ?? '');
    if (req.method === 'POST' && redis && stack.redis) {
      stack.redis[redis[1]]().then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('null'),
        (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error)),
      );
      return;
    }
    const match = /^\/instances\/([\w-]+)\/(kill|start)(?:\?signal=(SIGKILL|SIGTERM))?$/.exec(req.url ?? '');
    const instance = match && stack.instances.find((i) => i.id === match[1]);
    if (req.method !== 'POST' || !instance) {
      res.writeHead(404).end();
      return;
    }
    const action = match[2] === 'kill' ? instance.kill(match[3] ?? 'SIGKILL') : instance.start().then(() => ({ pid: instance.pid }));
    action.then(
      (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null)),
      (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error)),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export default async function globalSetup() {
  // Played by the tests: the national SAS platform (INT_R03) and an SMTP server, on ports chosen now.
  const [platformPort, smtpPort] = [await freePort(), await freePort()];
  const stack = await startClusterStack({
    name: 'e2e_cluster',
    env: {
      NODE_ENV: 'test',
      SCHEDULED_JOBS: 'true',
      SCHEDULED_JOBS_TICK_MS: '200',
      SAS_PLATFORM_URL: `http://127.0.0.1:${platformPort}/fhir`,
      SAS_OUTBOX_POLL_MS: '200',
      SAS_OUTBOX_RETRY_BASE_MS: '200',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
      MAIL_OUTBOX_POLL_MS: '200',
      MAIL_RETRY_BASE_MS: '200',
      SHUTDOWN_GRACE_MS: '15000',
    },
    log: say,
  });
  const control = await controlServer(stack);
  const stateDir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-cluster-state-'));
  globalThis.__PASSERELLE_CLUSTER__ = {
    stop: async () => {
      await new Promise((resolve) => control.close(resolve));
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  process.env.PASSERELLE_E2E_BASE_URL = stack.balancerUrl;
  process.env.PASSERELLE_E2E_STATE_DIR = stateDir;
  process.env.PASSERELLE_E2E_DATABASE_URL = stack.databaseUrl;
  process.env.PASSERELLE_E2E_INSTANCES = JSON.stringify(stack.instances.map((i) => ({ id: i.id, url: i.url })));
  process.env.PASSERELLE_E2E_CLUSTER_CONTROL = `http://127.0.0.1:${control.address().port}`;
  process.env.PASSERELLE_E2E_FILE_STORE_DIR = stack.fileStoreDir;
  process.env.PASSERELLE_E2E_SAS_PLATFORM_PORT = String(platformPort);
  process.env.PASSERELLE_E2E_SMTP_PORT = String(smtpPort);
}
