import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGuardrails, generate } from 'otplib';

const PERIOD_SECONDS = 30;
/**
 * The demo secret decodes to 15 bytes, under otplib's default 16-byte floor;
 * tests accept any secret the server accepts, so lower the floor to RFC 4226's
 * absolute minimum (10 bytes).
 */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** The 30-second time step a Unix time (seconds) falls in. */
export const totpTimeStep = (epochSeconds: number = Date.now() / 1000): number =>
  Math.floor(epochSeconds / PERIOD_SECONDS);

/** The current 6-digit TOTP code (SHA-1, 30 s) for a base32 secret. */
export function totpCode(secret: string, epochSeconds: number = Math.floor(Date.now() / 1000)): Promise<string> {
  return generate({ secret, epoch: epochSeconds, guardrails });
}

/**
 * The server rejects a code already used for an account (replay protection).
 * Remembers, per account, the last time step whose code was sent and waits for
 * the next step when needed, so repeated logins of one account in a test run
 * succeed (at the cost of up to 30 s). jest gives each test file its own
 * modules, so the memory is a directory shared by the whole run when the e2e
 * global setup provides one (PASSERELLE_E2E_STATE_DIR), else this module.
 */
const lastUsedInMemory = new Map<string, number>();

function stepFile(accountKey: string): string | undefined {
  const dir = process.env['PASSERELLE_E2E_STATE_DIR'];
  return dir ? join(dir, `totp-${accountKey.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`) : undefined;
}

function lastUsedStep(accountKey: string): number | undefined {
  const file = stepFile(accountKey);
  if (!file) return lastUsedInMemory.get(accountKey);
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

function rememberStep(accountKey: string, step: number): void {
  const file = stepFile(accountKey);
  if (file) writeFileSync(file, String(step));
  else lastUsedInMemory.set(accountKey, step);
}

/**
 * A TOTP code for `secret` that `accountKey` (use the e-mail) has not sent yet
 * in this run, waiting for the next 30-s window when needed.
 */
export async function freshTotpCode(accountKey: string, secret: string): Promise<string> {
  const used = lastUsedStep(accountKey);
  const nowMs = Date.now();
  let step = totpTimeStep(nowMs / 1000);
  // Also skip the last 2 s of a step: the code could expire in transit.
  const endOfStepMs = (step + 1) * PERIOD_SECONDS * 1000;
  if ((used !== undefined && step <= used) || endOfStepMs - nowMs < 2_000) {
    const targetStep = Math.max(step, used ?? step) + 1;
    await sleep(targetStep * PERIOD_SECONDS * 1000 - nowMs + 250);
    step = totpTimeStep();
  }
  rememberStep(accountKey, step);
  return totpCode(secret, step * PERIOD_SECONDS + 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
