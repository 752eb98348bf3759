import { mayReadMetrics } from './metrics-access';

const TOKEN = 'prometheus-scrape-token-0123456789';

describe('who may read /metrics', () => {
  it('lets a direct loopback request in (IPv4, IPv6, IPv4-mapped)', () => {
    for (const remoteAddress of ['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1']) {
      expect(mayReadMetrics({ headers: {}, remoteAddress }, null)).toBe(true);
    }
  });

  it('refuses another address, and a loopback request relayed by a proxy', () => {
    expect(mayReadMetrics({ headers: {}, remoteAddress: '10.0.0.7' }, null)).toBe(false);
    expect(mayReadMetrics({ headers: {}, remoteAddress: '::ffff:192.168.1.2' }, null)).toBe(false);
    expect(mayReadMetrics({ headers: { 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '127.0.0.1' }, null)).toBe(false);
    expect(mayReadMetrics({ headers: { forwarded: 'for=203.0.113.9' }, remoteAddress: '127.0.0.1' }, null)).toBe(false);
    expect(mayReadMetrics({ headers: {}, remoteAddress: undefined }, null)).toBe(false);
  });

  it('lets a scraper with the exact bearer token in from anywhere', () => {
    expect(mayReadMetrics({ headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '10.0.0.7' }, TOKEN)).toBe(true);
    expect(mayReadMetrics({ headers: { authorization: `Bearer ${TOKEN}x` }, remoteAddress: '10.0.0.7' }, TOKEN)).toBe(false);
    expect(mayReadMetrics({ headers: { authorization: TOKEN }, remoteAddress: '10.0.0.7' }, TOKEN)).toBe(false);
    expect(mayReadMetrics({ headers: { authorization: 'Bearer ' }, remoteAddress: '10.0.0.7' }, null)).toBe(false);
  });
});
