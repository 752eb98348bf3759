import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may read /metrics: a scraper presenting METRICS_TOKEN as a bearer
 * token, or a process on this machine talking to the instance directly.
 * A request relayed by a proxy on this machine (the load balancer) carries
 * a forwarding header and is not "from loopback": the balancer must not
 * open the metrics to the world.
 */
export function mayReadMetrics(request: { headers: IncomingHttpHeaders; remoteAddress: string | undefined }, token: string | null): boolean {
  const authorization = request.headers.authorization;
  if (token && typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    const given = Buffer.from(authorization.slice('Bearer '.length));
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  const relayed = PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
  return !relayed && LOOPBACK.test(request.remoteAddress ?? '');
}
