// Load-generator side of HTTP: keep-alive undici pools over loopback, spread
// over several 127.0.0.x source addresses (one per simulated client, see
// SETTINGS.sourceAddresses), a cookie jar with the CSRF double-submit, and
// the pro login with a TOTP second factor.
import { createGuardrails, generate } from 'otplib';
import { Pool } from 'undici';
import { API } from '../config.mjs';

/** Loopback source addresses 127.0.0.2, 127.0.0.3 … (count 1: the default 127.0.0.1). */
export const sourceAddresses = (count) =>
  count <= 1
    ? [null]
    : Array.from({ length: count }, (_, i) => `127.0.0.${2 + i}`);

/** A set of keep-alive pools to one origin, one per source address; requests go round-robin. */
export class LoadClient {
  /** @param {{ sources?: (string|null)[], connections?: number }} options connections: per source address */
  constructor(baseUrl, { sources = [null], connections = 8 } = {}) {
    this.pools = sources.map(
      (localAddress) =>
        new Pool(baseUrl, {
          connections,
          pipelining: 1,
          // The API closes idle keep-alive sockets after 5 s; stay under it.
          keepAliveTimeout: 4_000,
          keepAliveMaxTimeout: 4_000,
          ...(localAddress ? { localAddress } : {}),
        }),
    );
    this.next = 0;
  }

  /**
   * @returns {Promise<{ status: number, body: any, text: string, ms: number, headers: object }>}
   *   network failures resolve with status 0 and the error message as text.
   */
  async request(method, path, { headers = {}, body } = {}) {
    const pool = this.pools[this.next++ % this.pools.length];
    const started = process.hrtime.bigint();
    try {
      const response = await pool.request({
        method,
        path,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.body.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let parsed = text;
      if ((response.headers['content-type'] ?? '').includes('json') && text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          /* keep the text */
        }
      }
      return {
        status: response.statusCode,
        body: parsed,
        text,
        ms,
        headers: response.headers,
      };
    } catch (error) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      return {
        status: 0,
        body: null,
        text: `${error.code ?? ''} ${error.message}`.trim(),
        ms,
        headers: {},
      };
    }
  }

  close() {
    return Promise.all(this.pools.map((p) => p.close().catch(() => undefined)));
  }
}

/** A logged-in browser-like session: cookies, CSRF header on state-changing requests. */
export class Session {
  constructor(client) {
    this.client = client;
    this.cookies = new Map();
  }

  store(headers) {
    const raw = headers['set-cookie'];
    for (const line of raw === undefined
      ? []
      : Array.isArray(raw)
        ? raw
        : [raw]) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) =>
        /^\s*max-age\s*=\s*0\s*$/i.test(a),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  headers(method = 'GET') {
    const headers = {};
    if (this.cookies.size > 0)
      headers.cookie = [...this.cookies]
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    if (method !== 'GET' && this.cookies.has(API.csrf.cookie))
      headers[API.csrf.header] = this.cookies.get(API.csrf.cookie);
    return headers;
  }

  async request(method, path, body) {
    const response = await this.client.request(method, path, {
      headers: this.headers(method),
      body,
    });
    this.store(response.headers);
    return response;
  }

  /** POST login, then the TOTP second factor when asked. Throws with the API's answer on failure. */
  async loginPro({ email, password, totpSecret }) {
    await this.request('GET', API.session); // 401 expected; sets the CSRF cookie
    const login = await this.request(
      'POST',
      API.login.path,
      API.login.body(email, password),
    );
    if (login.status !== 200 && login.status !== 201)
      throw new Error(
        `login of ${email}: HTTP ${login.status} ${login.text.slice(0, 300)}`,
      );
    if (!API.needsSecondFactor(login.body)) return login.body;
    // Never send a code in the last 2 s of its 30-s window.
    const intoWindow = (Date.now() / 1000) % 30;
    if (intoWindow > 28)
      await new Promise((r) => setTimeout(r, (30 - intoWindow) * 1000 + 250));
    const code = await generate({
      secret: totpSecret,
      guardrails: createGuardrails({ MIN_SECRET_BYTES: 10 }),
    });
    const verify = await this.request(
      'POST',
      API.mfaVerify.path,
      API.mfaVerify.body(code),
    );
    if (verify.status !== 200 && verify.status !== 201)
      throw new Error(
        `second factor of ${email}: HTTP ${verify.status} ${verify.text.slice(0, 300)}`,
      );
    return verify.body;
  }
}

/** Nearest-rank percentiles, in ms, of a list of latencies. */
export function summarize(latencies, elapsedMs) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p) =>
    sorted.length
      ? sorted[
          Math.min(
            sorted.length - 1,
            Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
          )
        ]
      : null;
  const round = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    count: sorted.length,
    p50Ms: round(at(50)),
    p95Ms: round(at(95)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.at(-1) ?? null),
    meanMs: round(
      sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null,
    ),
    throughputPerSecond:
      elapsedMs > 0
        ? Math.round((sorted.length / elapsedMs) * 1000 * 10) / 10
        : null,
  };
}

/** { "200": 190, "409": 10 } */
export function statusCounts(responses) {
  const counts = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** The first lines of an error answer, for the report. */
export const describe = (response) =>
  `HTTP ${response.status} ${String(response.text ?? '').slice(0, 300)}`.trim();
