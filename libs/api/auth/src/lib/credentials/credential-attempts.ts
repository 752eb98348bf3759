import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, AccountRepository, hashRecoveryCode, SecretBox, verifyTotp } from '@passerelle/api/identity';
import { TooManyRequests } from '@passerelle/api/platform';
import { API_ERROR_CODES } from '@passerelle/shared/contracts';

/** Consecutive failures (password or code) before a temporary lock, and its length. */
export const LOCK_THRESHOLD = 10;
export const LOCK_DURATION_MS = 15 * 60_000;

export type SecondFactorKind = 'totp' | 'recovery-code';

/**
 * The checks every credential entry point shares (login, second factor,
 * re-authentication, password reset): the per-account lock, failure
 * counting with its audit lines, and single-use second-factor codes.
 */
@Injectable()
export class CredentialAttempts {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditTrail,
  ) {}

  async refuseIfLocked(account: Account, actor: Actor, action: string): Promise<void> {
    const lockedFor = account.lockedUntil ? Math.ceil((account.lockedUntil.getTime() - Date.now()) / 1000) : 0;
    if (lockedFor > 0) {
      await this.audit.record({ actor, action, result: 'DENIED', details: { reason: 'account-locked' } });
      throw new TooManyRequests(lockedFor, undefined, API_ERROR_CODES.accountLocked);
    }
  }

  async countFailure(account: Account, actor: Actor, action: string, reason: string): Promise<void> {
    const { failedLoginCount, lockedUntil } = await this.accounts.recordFailure(account.id, LOCK_THRESHOLD, LOCK_DURATION_MS);
    const locked = lockedUntil !== null && lockedUntil.getTime() > Date.now();
    await this.audit.record({ actor, action, result: 'FAILURE', details: { reason, consecutiveFailures: failedLoginCount, locked } });
    if (locked && failedLoginCount % LOCK_THRESHOLD === 0) {
      await this.audit.record({ actor, action: 'auth.account.locked', result: 'DENIED', details: { minutes: LOCK_DURATION_MS / 60_000 } });
    }
  }

  /** A TOTP code newer than the last one accepted (no replay, even in parallel). */
  async acceptTotp(account: Account, code: string): Promise<boolean> {
    if (!account.totpSecretSealed) {
      return false;
    }
    const result = await verifyTotp(this.secrets.open(account.totpSecretSealed), code, account.totpLastStep);
    return result.valid && result.step !== undefined && (await this.accounts.claimTotpStep(account.id, result.step));
  }

  /** A TOTP code, or a recovery code used up by this call; the kind tried, and whether it was accepted. */
  async acceptSecondFactor(account: Account, code: string): Promise<{ kind: SecondFactorKind; accepted: boolean }> {
    const kind: SecondFactorKind = /^\d{6}$/.test(code) ? 'totp' : 'recovery-code';
    const accepted = kind === 'totp' ? await this.acceptTotp(account, code) : await this.accounts.consumeRecoveryCode(account.id, hashRecoveryCode(code));
    return { kind, accepted };
  }
}
