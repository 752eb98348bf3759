/**
 * The cluster under test (see global-setup.mjs): its instances, their
 * metrics, and stopping or restarting one of them.
 */
import { ApiClient } from '../../../../../tools/test/http-client';
import { MessagingUser } from '../../messaging/messaging-user';

export interface Instance {
  id: string;
  url: string;
}

export function instances(): Instance[] {
  const raw = process.env['PASSERELLE_E2E_INSTANCES'];
  if (!raw) throw new Error('PASSERELLE_E2E_INSTANCES is not set: run the cluster tier (npm run test:e2e:cluster).');
  return JSON.parse(raw) as Instance[];
}

export const balancerUrl = (): string => process.env['PASSERELLE_E2E_BASE_URL'] as string;

async function control(path: string): Promise<unknown> {
  const response = await fetch(`${process.env['PASSERELLE_E2E_CLUSTER_CONTROL']}${path}`, { method: 'POST' });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`cluster control ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Sends the signal and resolves with how the process ended. */
export const killInstance = (id: string, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') =>
  control(`/instances/${id}/kill?signal=${signal}`) as Promise<{ code: number | null; signal: string | null }>;

/** Starts the instance again on its port; resolves once it is ready. */
export const startInstance = (id: string) => control(`/instances/${id}/start`);

/** Redis goes away (SIGKILL) / comes back on the same port. */
export const killRedis = () => control('/redis/kill');
export const startRedis = () => control('/redis/start');

/** GET /metrics of one instance (directly, from loopback): sample name{labels} → value. */
export async function metricsOf(instance: Instance): Promise<Map<string, number>> {
  const response = await fetch(`${instance.url}/metrics`);
  if (response.status !== 200) throw new Error(`metrics of ${instance.id}: ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include all of `labels`. */
export function sample(metrics: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of metrics) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The same signed-in person (cookies, keys), talking to one given instance instead of the balancer. */
export function via(user: MessagingUser, instance: Instance): MessagingUser {
  const http = new ApiClient(instance.url, { sourceIp: user.http.sourceIp });
  for (const [name, value] of user.http.cookies) http.cookies.set(name, value);
  const copy = MessagingUser.fromClient(http, user.email, user.accountId);
  copy.key = user.key;
  copy.practiceKey = user.practiceKey;
  return copy;
}
