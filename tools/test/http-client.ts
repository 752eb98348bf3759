/**
 * A small HTTP client for API e2e tests: fetch with a cookie jar and the CSRF
 * double-submit (the API's XSRF-TOKEN cookie echoed as X-XSRF-TOKEN on every
 * state-changing request, see libs/shared/contracts/src/lib/auth/csrf.ts).
 * One ApiClient = one browser: create one per simulated user.
 */
import { randomInt } from 'node:crypto';
import { Agent, Headers, fetch as undiciFetch } from 'undici';
import type { DemoAccount } from './demo-accounts';
import { freshTotpCode } from './totp';

// Mirrors @passerelle/shared/contracts (kept literal: tools/test is outside the Nx graph).
const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADER = 'X-XSRF-TOKEN';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, the text otherwise ('' when empty). */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** Sent as JSON (content-type application/json unless given). */
  body?: unknown;
  /** Sent as is, e.g. malformed JSON; give its content-type in `headers`. Wins over `body`. */
  rawBody?: string;
  /** Case-insensitive; a CSRF header given here replaces the automatic one. */
  headers?: Record<string, string>;
  /** Skip the automatic CSRF header (to test that the API refuses the request). */
  withoutCsrf?: boolean;
}

/**
 * Each client connects from its own loopback address (127.x.y.z), like
 * distinct users on distinct networks, so the API's per-IP rate limits
 * apply per simulated user, as in real life.
 */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** The base URL of the API under test, set by the e2e global setup. */
export function apiBaseUrl(): string {
  const url = process.env['PASSERELLE_E2E_BASE_URL'];
  if (!url) throw new Error('PASSERELLE_E2E_BASE_URL is not set: run the tests through their global setup (npm run test:e2e:api).');
  return url;
}

export class ApiClient {
  /** name → value; a single host, so domain and path are ignored. */
  readonly cookies = new Map<string, string>();

  readonly sourceIp: string;
  private readonly dispatcher: Agent;

  constructor(
    readonly baseUrl: string = apiBaseUrl(),
    options: { sourceIp?: string } = {},
  ) {
    this.sourceIp = options.sourceIp ?? randomLoopbackAddress();
    // Short keep-alive: idle sockets must not keep the test process alive.
    this.dispatcher = new Agent({ localAddress: this.sourceIp, keepAliveTimeout: 50, keepAliveMaxTimeout: 50 });
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const upper = method.toUpperCase();
    const headers = new Headers(options.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (!SAFE_METHODS.has(upper) && !options.withoutCsrf && !headers.has(CSRF_HEADER)) {
      // Like a browser that opened the app first: obtain the CSRF cookie once.
      if (!this.cookies.has(CSRF_COOKIE)) await this.request('GET', '/api/auth/session');
      const token = this.cookies.get(CSRF_COOKIE);
      if (token !== undefined) headers.set(CSRF_HEADER, token);
    }
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await undiciFetch(new URL(path, this.baseUrl), { method: upper, headers, body, redirect: 'manual', dispatcher: this.dispatcher });
    this.storeCookies(response.headers);
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json') && text.length > 0;
    return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T, text };
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, val = ''] = attribute.split('=').map((part) => part.trim());
        if (/^max-age$/i.test(key)) return Number(val) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(val) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /**
   * Logs in through POST /api/auth/login, then POST /api/auth/mfa/verify with
   * a TOTP code when the API answers stage "mfa-required". Throws with the
   * API's answer when a step fails. Returns the final SessionView body.
   * `space` defaults to "pro" when a TOTP secret is given, else "patient".
   */
  async loginAs(
    email: string,
    password: string,
    totpSecret?: string,
    space: 'patient' | 'pro' = totpSecret ? 'pro' : 'patient',
  ): Promise<SessionLike> {
    const login = await this.post<SessionLike>('/api/auth/login', { email, password, space });
    if (login.status !== 200 && login.status !== 201) {
      throw new Error(`login of ${email} failed: HTTP ${login.status} ${login.text}`);
    }
    if (login.body.stage !== 'mfa-required') return login.body;
    if (!totpSecret) throw new Error(`login of ${email} needs a second factor but no TOTP secret was given`);
    const code = await freshTotpCode(email, totpSecret);
    const verify = await this.post<SessionLike>('/api/auth/mfa/verify', { code });
    if (verify.status !== 200 && verify.status !== 201) {
      throw new Error(`second factor of ${email} failed: HTTP ${verify.status} ${verify.text}`);
    }
    return verify.body;
  }

  /**
   * What a regulator does from the national SAS platform: open Passerelle's
   * entry link with origin=sas, which gives this session regulator
   * privileges (without it, regulator routes answer 403 SAS_ORIGIN_REQUIRED).
   */
  async enterFromSas(practitionerId?: string): Promise<void> {
    const response = await this.get(`/api/sas/rendez-vous?origin=sas${practitionerId ? `&praticien=${practitionerId}` : ''}`);
    if (response.status !== 303) throw new Error(`SAS entry refused: HTTP ${response.status} ${response.text.slice(0, 200)}`);
  }

  /** loginAs for a demo account (see tools/test/demo-accounts.ts). */
  loginAsDemo(account: DemoAccount): Promise<SessionLike> {
    return this.loginAs(account.email, account.password, account.totpSecret, account.space);
  }
}

/** The parts of the API's SessionView the client relies on. */
export interface SessionLike {
  stage: string;
  account?: { email: string; role: string };
  [key: string]: unknown;
}
