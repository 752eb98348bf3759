import { createHash, randomUUID } from 'node:crypto';
import { AUTH_ROUTES, OutboxEmailView } from '@passerelle/shared/contracts';
import { ApiClient } from '../../../../tools/test/http-client';
import { withDatabase } from '../messaging/other-practice';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

export interface Registered {
  client: ApiClient;
  email: string;
  password: string;
  accountId: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RESET_LINK = /\/reinitialiser-mot-de-passe\/([A-Za-z0-9_-]{43})/;

/** A new patient account (signed in on `client`). */
export async function registerPatient(password = 'cheval-agrafe-batterie-2026'): Promise<Registered> {
  const client = new ApiClient();
  const email = `patient-${randomUUID().slice(0, 8)}@exemple.fr`;
  const res = await client.post<{ account: { id: string } }>(AUTH_ROUTES.register, { email, password, firstName: 'Test', lastName: 'Patient' });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${res.text}`);
  return { client, email, password, accountId: res.body.account.id };
}

/** "Mot de passe oublié", from a fresh address unless a client is given. */
export function requestReset(email: string, space: 'patient' | 'pro' = 'patient', client = new ApiClient()) {
  return client.post<ErrorBody | string>(AUTH_ROUTES.passwordReset, { email, space });
}

/** The e-mails the embedded transport kept, read as an administrator does. */
export class Outbox {
  constructor(private readonly admin: ApiClient) {}

  async mails(email: string): Promise<OutboxEmailView[]> {
    const response = await this.admin.get<OutboxEmailView[]>(`/api/admin/outbox?limit=50&to=${encodeURIComponent(email)}`);
    if (response.status !== 200) throw new Error(`outbox: ${response.status} ${response.text}`);
    return response.body;
  }

  /** Tokens of the reset links sent to `email`, newest first. */
  async resetTokens(email: string): Promise<string[]> {
    return (await this.mails(email)).map((m) => RESET_LINK.exec(m.text)?.[1]).filter((t): t is string => !!t);
  }

  /** The request is answered before the e-mail goes out: waits (up to 15 s) for the `count`-th link. */
  async waitForResetToken(email: string, count = 1): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const tokens = await this.resetTokens(email);
      if (tokens.length >= count) return tokens[0];
      await pause(100);
    }
    throw new Error(`no reset link #${count} for ${email}`);
  }
}

export interface AuditRow {
  result: string;
  actorAccountId: string | null;
  resourceId: string | null;
  details: Record<string, unknown> | null;
}

/** Audit lines of an action, oldest first (optionally about one account). */
export function auditRows(action: string, about?: { resourceId?: string; since?: Date }): Promise<AuditRow[]> {
  return withDatabase(async (db) => {
    const { rows } = await db.query(
      `SELECT result, "actorAccountId", "resourceId", details FROM "AuditEvent"
        WHERE action = $1 AND ($2::text IS NULL OR "resourceId" = $2) AND ($3::timestamptz IS NULL OR at >= $3) ORDER BY id`,
      [action, about?.resourceId ?? null, about?.since ?? null],
    );
    return rows as AuditRow[];
  });
}

/** Waits (up to 15 s) for `count` audit lines the requests wrote after answering; returns them. */
export async function waitForAudit(action: string, matches: (row: AuditRow) => boolean, since: Date, count = 1): Promise<AuditRow[]> {
  for (let i = 0; i < 150; i++) {
    const rows = (await auditRows(action, { since })).filter(matches);
    if (rows.length >= count) return rows;
    await pause(100);
  }
  throw new Error(`fewer than ${count} audit lines ${action} since ${since.toISOString()}`);
}

/** What the clock would do in an hour: the link's expiry moved to the past. */
export function expireLink(token: string): Promise<void> {
  return withDatabase(async (db) => {
    await db.query(`UPDATE "AccountInvitation" SET "expiresAt" = now() - interval '1 minute' WHERE "tokenHash" = $1`, [
      createHash('sha256').update(token).digest('hex'),
    ]);
  });
}
