import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import {
  Account,
  AccountRepository,
  audienceOfSpace,
  EmailAlreadyUsed,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  PasswordHasher,
  passwordProblems,
  SecretBox,
  totpUri,
  verifyTotp,
} from '@passerelle/api/identity';
import { Conflict, Unauthenticated, ValidationFailed } from '@passerelle/api/platform';
import {
  API_ERROR_CODES,
  ChangeEmailRequest,
  ChangePasswordRequest,
  LoginRequest,
  MfaEnrolmentStart,
  PatientRegistrationRequest,
  ReauthenticateRequest,
} from '@passerelle/shared/contracts';
import { CredentialAttempts } from '../credentials/credential-attempts';
import { CredentialRepository } from '../credentials/credential.repository';
import { PasswordBoundKeys } from '../credentials/password-bound-key';
import { SessionRevocations } from '../sessions/session-revocations';
import { ClientInfo, IssuedSession, SessionService } from '../sessions/session.service';
import { REAUTHENTICATION_WINDOW_MS, SessionRecord } from '../sessions/session';

const INVALID_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

/**
 * Password login, second factor (TOTP or recovery code), enrolment,
 * re-authentication and credential changes. Every attempt, good or bad, is
 * written to the audit trail; no password, code or e-mail goes into it.
 */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly secrets: SecretBox,
    private readonly audit: AuditTrail,
    private readonly attempts: CredentialAttempts,
    private readonly credentials: CredentialRepository,
    private readonly boundKeys: PasswordBoundKeys,
    private readonly revocations: SessionRevocations,
  ) {}

  async login(request: LoginRequest, actor: Actor, client: ClientInfo, current: SessionRecord | null): Promise<{ account: Account; issued: IssuedSession }> {
    const account = await this.accounts.findByEmail(request.email, audienceOfSpace(request.space));
    // Verify even for an unknown account, so timing does not reveal which e-mails exist.
    const passwordOk = await this.hasher.verify(account?.passwordHash ?? null, request.password);
    if (!account || account.status !== 'ACTIVE') {
      await this.audit.record({ actor, action: 'auth.login', result: 'FAILURE', details: { reason: account ? 'inactive-account' : 'unknown-account' } });
      throw new Unauthenticated(INVALID_CREDENTIALS, API_ERROR_CODES.invalidCredentials);
    }
    const who = { ...actor, accountId: account.id, role: account.role };
    await this.attempts.refuseIfLocked(account, who, 'auth.login');
    if (!passwordOk) {
      await this.attempts.countFailure(account, who, 'auth.login', 'bad-password');
      throw new Unauthenticated(INVALID_CREDENTIALS, API_ERROR_CODES.invalidCredentials);
    }
    const needsSecondStep = account.totpEnabledAt !== null;
    if (!needsSecondStep) {
      await this.accounts.clearFailures(account.id);
    }
    const issued = await this.sessions.issue(account, false, client, current ?? undefined);
    await this.audit.record({ actor: who, action: 'auth.login', result: 'SUCCESS', details: { stage: SessionService.stageOf(account, issued.session) } });
    return { account, issued };
  }

  /** Second step: a TOTP code, or a single-use recovery code. */
  async verifySecondFactor(account: Account, session: SessionRecord, code: string, actor: Actor, client: ClientInfo): Promise<IssuedSession> {
    await this.attempts.refuseIfLocked(account, actor, 'auth.mfa');
    if (!account.totpEnabledAt || !account.totpSecretSealed) {
      throw new ValidationFailed("La double authentification n'est pas encore activée pour ce compte.", undefined, API_ERROR_CODES.mfaEnrolmentRequired);
    }
    const { kind, accepted } = await this.attempts.acceptSecondFactor(account, code);
    if (!accepted) {
      await this.attempts.countFailure(account, actor, 'auth.mfa', `bad-${kind}`);
      throw new Unauthenticated('Code incorrect ou déjà utilisé.', API_ERROR_CODES.invalidMfaCode);
    }
    await this.accounts.clearFailures(account.id);
    const issued = await this.sessions.issue(account, true, client, session);
    await this.audit.record({ actor, action: 'auth.mfa', result: 'SUCCESS', details: { method: kind } });
    return issued;
  }

  /** Starts (or restarts) enrolment: a new secret, not active until confirmed with a code. */
  async startEnrolment(account: Account, session: SessionRecord, actor: Actor): Promise<MfaEnrolmentStart> {
    if (account.totpEnabledAt) {
      this.requireRecentReauthentication(session);
    }
    const secret = newTotpSecret();
    await this.accounts.setPendingTotpSecret(account.id, this.secrets.seal(secret));
    await this.audit.record({ actor, action: 'auth.mfa.enrolment.start', result: 'SUCCESS' });
    return { secret, otpauthUri: totpUri(secret, account.email) };
  }

  async confirmEnrolment(account: Account, session: SessionRecord, code: string, actor: Actor, client: ClientInfo): Promise<{ recoveryCodes: string[]; issued: IssuedSession }> {
    const current = await this.accounts.findById(account.id);
    if (!current?.totpSecretSealed || current.totpEnabledAt) {
      throw new ValidationFailed("Commencez par afficher le QR code d'activation.", undefined, API_ERROR_CODES.mfaEnrolmentRequired);
    }
    const result = await verifyTotp(this.secrets.open(current.totpSecretSealed), code, null);
    if (!result.valid || result.step === undefined) {
      await this.attempts.countFailure(current, actor, 'auth.mfa.enrolment', 'bad-totp');
      throw new ValidationFailed('Code incorrect : vérifiez l’heure de votre téléphone et saisissez le code affiché.', { code: ['Code incorrect.'] }, API_ERROR_CODES.invalidMfaCode);
    }
    const recoveryCodes = newRecoveryCodes();
    await this.accounts.enableTotp(account.id, result.step, recoveryCodes.map(hashRecoveryCode));
    await this.accounts.clearFailures(account.id);
    const issued = await this.sessions.issue({ ...current, totpEnabledAt: new Date() }, true, client, session);
    await this.audit.record({ actor, action: 'auth.mfa.enrolment.confirm', result: 'SUCCESS' });
    return { recoveryCodes, issued };
  }

  async reauthenticate(account: Account, session: SessionRecord, request: ReauthenticateRequest, actor: Actor): Promise<void> {
    await this.attempts.refuseIfLocked(account, actor, 'auth.reauthenticate');
    let ok = await this.hasher.verify(account.passwordHash, request.password);
    if (ok && account.totpEnabledAt && account.totpSecretSealed) {
      ok = request.code !== undefined && (await this.attempts.acceptTotp(account, request.code));
    }
    if (!ok) {
      await this.attempts.countFailure(account, actor, 'auth.reauthenticate', 'bad-credentials');
      throw new Unauthenticated(
        account.totpEnabledAt ? 'Mot de passe ou code incorrect.' : 'Mot de passe incorrect.',
        API_ERROR_CODES.invalidCredentials,
      );
    }
    await this.accounts.clearFailures(account.id);
    await this.sessions.markReauthenticated(session);
    await this.audit.record({ actor, action: 'auth.reauthenticate', result: 'SUCCESS' });
  }

  async changePassword(account: Account, session: SessionRecord, request: ChangePasswordRequest, actor: Actor): Promise<void> {
    this.requireRecentReauthentication(session);
    const problems = passwordProblems(request.newPassword, { email: account.email, names: account.displayName.split(/\s+/) });
    if (problems.length > 0) {
      throw new ValidationFailed(problems[0], { newPassword: problems }, API_ERROR_CODES.weakPassword);
    }
    const passwordHash = await this.hasher.hash(request.newPassword);
    // One transaction: the new password, the messaging key protected by it, and the other devices logged out.
    const revoked = await this.credentials.changePassword(account.id, passwordHash, session.id, (tx) =>
      this.boundKeys.onPasswordChange(tx, account.id, request.newKeyProtection),
    );
    this.revocations.announce({ accountId: account.id, exceptSessionId: session.id });
    await this.audit.record({
      actor,
      action: 'account.password.change',
      result: 'SUCCESS',
      details: { otherSessionsRevoked: revoked, keyReprotected: request.newKeyProtection !== undefined },
    });
  }

  async changeEmail(account: Account, session: SessionRecord, request: ChangeEmailRequest, actor: Actor): Promise<void> {
    this.requireRecentReauthentication(session);
    try {
      await this.accounts.setEmail(account.id, request.email);
    } catch (error) {
      if (error instanceof EmailAlreadyUsed) {
        throw new Conflict('Cette adresse e-mail est déjà utilisée par un autre compte.');
      }
      throw error;
    }
    await this.audit.record({ actor, action: 'account.email.change', result: 'SUCCESS' });
  }

  async logout(session: SessionRecord, actor: Actor): Promise<void> {
    await this.sessions.revoke(session);
    await this.audit.record({ actor, action: 'auth.logout', result: 'SUCCESS' });
  }

  async logoutEverywhere(account: Account, actor: Actor): Promise<void> {
    const revoked = await this.sessions.revokeAll(account.id);
    await this.audit.record({ actor, action: 'auth.logout-everywhere', result: 'SUCCESS', details: { sessionsRevoked: revoked } });
  }

  async registerPatient(request: PatientRegistrationRequest, actor: Actor, client: ClientInfo): Promise<{ account: Account; issued: IssuedSession }> {
    const problems = passwordProblems(request.password, { email: request.email, names: [request.firstName, request.lastName] });
    if (problems.length > 0) {
      throw new ValidationFailed(problems[0], { password: problems }, API_ERROR_CODES.weakPassword);
    }
    let account: Account;
    try {
      account = await this.accounts.create({
        email: request.email,
        role: 'PATIENT',
        displayName: `${request.firstName.trim()} ${request.lastName.trim()}`,
        passwordHash: await this.hasher.hash(request.password),
      });
    } catch (error) {
      if (error instanceof EmailAlreadyUsed) {
        throw new Conflict('Un compte patient existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe.');
      }
      throw error;
    }
    const issued = await this.sessions.issue(account, false, client);
    await this.audit.record({ actor: { ...actor, accountId: account.id, role: 'PATIENT' }, action: 'account.register', result: 'SUCCESS' });
    return { account, issued };
  }

  private requireRecentReauthentication(session: SessionRecord): void {
    const at = session.reauthenticatedAt?.getTime() ?? 0;
    if (Date.now() - at > REAUTHENTICATION_WINDOW_MS) {
      throw new Unauthenticated('Veuillez confirmer votre mot de passe pour continuer.', API_ERROR_CODES.reauthenticationRequired);
    }
  }
}
