import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import * as oidc from 'openid-client';
import { Strategy } from 'openid-client/passport';
import { AppConfig } from '@passerelle/api/config';
import { SecretBox } from '@passerelle/api/identity';

/** Who Pro Santé Connect says signed in (PSC's `sub` is the national identifier, IDNPS). */
export interface PscIdentity {
  sub: string;
  email: string | null;
}

export const PSC_CALLBACK_PATH = '/api/auth/psc/callback';
/** The login in progress (PKCE verifier, where to go next), sealed in a short-lived cookie: no server state, works on every instance. */
const LOGIN_COOKIE = 'passerelle_psc';
const LOGIN_COOKIE_MAX_AGE_MS = 10 * 60_000;
const STRATEGY = 'psc';

type LoginState = Record<string, unknown>;
type WithLoginState = Request & { session?: LoginState };

/**
 * Pro Santé Connect login through passport and openid-client's Strategy
 * (authorization code + PKCE), the issuer discovered once. The strategy
 * keeps its state in `req.session`; we have no express-session, so that
 * object is backed by a sealed (AES-GCM), HttpOnly, SameSite=Lax cookie
 * written as soon as the strategy sets it — Lax, because the return from
 * PSC is a cross-site navigation.
 */
@Injectable()
export class PscLogin {
  private readonly logger = new Logger('ProSanteConnect');
  private strategy: Promise<Strategy> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly box: SecretBox,
  ) {}

  get configured(): boolean {
    return this.config.psc !== null;
  }

  /** Starts (redirect to PSC) or finishes (code exchange) a login; resolves with the identity on the way back. */
  async authenticate(req: WithLoginState, res: Response, next: NextFunction, returnTo?: string): Promise<PscIdentity | null> {
    const strategy = await this.strategyInstance();
    this.attachLoginState(req, res);
    if (returnTo !== undefined && req.session) req.session['returnTo'] = returnTo;
    return new Promise((resolve, reject) => {
      passport.authenticate(strategy, { session: false }, (error: unknown, user: PscIdentity | false) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve(user || null);
      })(req, res, next);
    });
  }

  /** Where the login started from (kept in the sealed cookie across the round trip). */
  returnTo(req: WithLoginState): string | null {
    const value = req.session?.['returnTo'];
    return typeof value === 'string' ? value : null;
  }

  clearLoginState(res: Response): void {
    res.clearCookie(LOGIN_COOKIE, { path: '/api', httpOnly: true, sameSite: 'lax', secure: this.config.sessionCookieSecure });
  }

  private attachLoginState(req: WithLoginState, res: Response): void {
    let state: LoginState = {};
    const sealed: unknown = req.cookies?.[LOGIN_COOKIE];
    if (typeof sealed === 'string' && sealed.length < 4096) {
      try {
        state = JSON.parse(this.box.open(sealed)) as LoginState;
      } catch {
        state = {};
      }
    }
    const write = () =>
      res.cookie(LOGIN_COOKIE, this.box.seal(JSON.stringify(state)), { path: '/api', httpOnly: true, sameSite: 'lax', secure: this.config.sessionCookieSecure, maxAge: LOGIN_COOKIE_MAX_AGE_MS });
    req.session = new Proxy(state, {
      set: (target, key, value) => {
        target[key as string] = value;
        write();
        return true;
      },
      deleteProperty: (target, key) => {
        delete target[key as string];
        write();
        return true;
      },
    });
  }

  private strategyInstance(): Promise<Strategy> {
    const psc = this.config.psc;
    if (!psc) return Promise.reject(new Error('Pro Santé Connect is not configured'));
    this.strategy ??= (async () => {
      const issuer = new URL(psc.issuer);
      // Plain http only for a local test provider.
      const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
      const configuration = await oidc.discovery(issuer, psc.clientId, psc.clientSecret, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined);
      return new Strategy(
        { config: configuration, scope: psc.scope, callbackURL: `${this.config.publicUrl}${PSC_CALLBACK_PATH}`, name: STRATEGY, sessionKey: STRATEGY },
        (tokens, verified) => {
          const claims = tokens.claims();
          if (!claims?.sub) return verified(null, false);
          const email = typeof claims['email'] === 'string' ? claims['email'] : null;
          return verified(null, { sub: String(claims['SubjectNameID'] ?? claims.sub), email } satisfies PscIdentity);
        },
      );
    })().catch((error: unknown) => {
      this.strategy = null;
      this.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'Pro Santé Connect discovery failed');
      throw error;
    });
    return this.strategy;
  }
}
