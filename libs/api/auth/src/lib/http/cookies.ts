import type { CookieOptions, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from '@passerelle/shared/contracts';
import { IssuedSession } from '../sessions/session.service';

const base = (secure: boolean): CookieOptions => ({ sameSite: 'strict', secure, path: '/' });

/** Session cookie: HttpOnly, SameSite=Strict, Secure unless on plain-HTTP localhost. No Max-Age: the server decides expiry. */
export function setSessionCookies(res: Response, issued: IssuedSession, secure: boolean): void {
  res.cookie(SESSION_COOKIE, issued.token, { ...base(secure), httpOnly: true });
  setCsrfCookie(res, issued.session.csrfToken, secure);
}

/** Readable by the web app, which echoes it in X-XSRF-TOKEN. */
export function setCsrfCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(CSRF_COOKIE, token, { ...base(secure), httpOnly: false });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { ...base(secure), httpOnly: true });
}
