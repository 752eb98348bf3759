import { Injectable, Logger } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AppConfig } from '@passerelle/api/config';
import { Account, AccountRepository, audienceOfSpace, PasswordHasher, passwordProblems } from '@passerelle/api/identity';
import { DomainError, MailTransport, NotFound, Unauthenticated, ValidationFailed } from '@passerelle/api/platform';
import {
  API_ERROR_CODES,
  CompletePasswordResetRequest,
  PASSWORD_RESET_VALIDITY_MINUTES,
  PasswordResetRequest,
  PasswordResetView,
} from '@passerelle/shared/contracts';
import { CredentialAttempts, SecondFactorKind } from '../credentials/credential-attempts';
import { CredentialRepository, LinkRecord } from '../credentials/credential.repository';
import { PasswordBoundKeys } from '../credentials/password-bound-key';
import { isLinkToken, LinkGone, newLinkToken } from '../links/one-time-links';
import { SessionRevocations } from '../sessions/session-revocations';

/** At most this many links per account and hour: the form cannot be used to flood someone's mailbox. */
export const PASSWORD_RESET_LINKS_PER_HOUR = 3;
/** The web app's page for the link (WEB_ROUTES.passwordReset). */
const RESET_PAGE = '/reinitialiser-mot-de-passe';
const PURPOSE = 'PASSWORD_RESET';

const INVALID = 'Ce lien n’est pas valide. Vérifiez qu’il est complet, ou refaites une demande depuis « Mot de passe oublié ? ».';
const USED = 'Ce lien a déjà été utilisé. Connectez-vous avec votre nouveau mot de passe, ou refaites une demande.';
const EXPIRED = `Ce lien a expiré (il est valable ${PASSWORD_RESET_VALIDITY_MINUTES} minutes) ou un lien plus récent vous a été envoyé. Refaites une demande si besoin.`;
const INACTIVE = 'Ce compte n’est pas actif : ce lien ne peut pas servir.';

const parisDateTime = (d: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(d);

/**
 * "Mot de passe oublié ?": a single-use link by e-mail (1 hour), then a new
 * password — with the second factor when the account has one. Every session
 * ends; a messaging key protected by the old password is flagged for
 * recovery (recovery kit) in the same transaction.
 */
@Injectable()
export class PasswordResets {
  private readonly logger = new Logger('PasswordResets');

  constructor(
    private readonly accounts: AccountRepository,
    private readonly credentials: CredentialRepository,
    private readonly attempts: CredentialAttempts,
    private readonly hasher: PasswordHasher,
    private readonly boundKeys: PasswordBoundKeys,
    private readonly mail: MailTransport,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
    private readonly revocations: SessionRevocations,
  ) {}

  /**
   * Answers at once, whatever the e-mail: the account lookup and the e-mail
   * run after the answer, so neither the answer nor its timing says whether
   * an account exists. The outcome is in the audit trail.
   */
  request(request: PasswordResetRequest, actor: Actor): void {
    this.sendLink(request, actor).catch((error: unknown) => {
      this.logger.error({ cause: error instanceof Error ? error.message : String(error) }, 'password reset request failed');
    });
  }

  async view(token: string, actor: Actor, now = new Date()): Promise<PasswordResetView> {
    const { link, account } = await this.usable(token, actor, now);
    return { email: account.email, mfaRequired: account.totpEnabledAt !== null, expiresAt: link.expiresAt.toISOString() };
  }

  async complete(token: string, request: CompletePasswordResetRequest, actor: Actor, now = new Date()): Promise<void> {
    const { account } = await this.usable(token, actor, now);
    const who: Actor = { ...actor, accountId: account.id, role: account.role };
    const problems = passwordProblems(request.password, { email: account.email, names: account.displayName.split(/\s+/) });
    if (problems.length > 0) {
      throw new ValidationFailed(problems[0], { password: problems }, API_ERROR_CODES.weakPassword);
    }
    const secondFactor = await this.requireSecondFactor(account, request.code, who);
    const reset = await this.credentials.resetPassword(token, PURPOSE, await this.hasher.hash(request.password), now, (tx, accountId) =>
      this.boundKeys.onPasswordReset(tx, accountId, now),
    );
    if (!reset) {
      // A concurrent request used the link first.
      await this.audit.record({ actor: who, action: 'account.password.reset', result: 'DENIED', resourceType: 'Account', resourceId: account.id, details: { reason: 'link-used' } });
      throw new LinkGone(USED);
    }
    this.revocations.announce({ accountId: account.id });
    await this.audit.record({
      actor: who,
      action: 'account.password.reset',
      result: 'SUCCESS',
      resourceType: 'Account',
      resourceId: account.id,
      details: { sessionsRevoked: reset.revokedSessions, secondFactor },
    });
  }

  private async sendLink(request: PasswordResetRequest, actor: Actor): Promise<void> {
    const account = await this.accounts.findByEmail(request.email, audienceOfSpace(request.space));
    const action = 'auth.password-reset.request';
    if (!account || account.status !== 'ACTIVE') {
      await this.audit.record({ actor, action, result: 'DENIED', details: { reason: account ? 'inactive-account' : 'unknown-account' } });
      return;
    }
    const on = { resourceType: 'Account', resourceId: account.id };
    const now = new Date();
    const token = newLinkToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_VALIDITY_MINUTES * 60_000);
    const cap = { max: PASSWORD_RESET_LINKS_PER_HOUR, since: new Date(now.getTime() - 3_600_000) };
    if (!(await this.credentials.issueLink(account.id, PURPOSE, token, expiresAt, cap))) {
      await this.audit.record({ actor, action, result: 'DENIED', ...on, details: { reason: 'too-many-links' } });
      return;
    }
    try {
      await this.mail.send(resetMail(account, `${this.config.publicUrl}${RESET_PAGE}/${token}`, expiresAt));
    } catch (error) {
      this.logger.warn({ accountId: account.id, cause: error instanceof Error ? error.message : String(error) }, 'password reset e-mail not sent');
      await this.audit.record({ actor, action, result: 'FAILURE', ...on, details: { reason: 'mail-not-sent' } });
      return;
    }
    await this.audit.record({ actor, action, result: 'SUCCESS', ...on });
  }

  /** The link and its account, or 404/410 (audited: someone holds a link that does not work). */
  private async usable(token: string, actor: Actor, now: Date): Promise<{ link: LinkRecord; account: Account }> {
    const link = isLinkToken(token) ? await this.credentials.link(token, PURPOSE) : null;
    const account = link ? await this.accounts.findById(link.accountId) : null;
    const refuse = async (reason: string, error: DomainError): Promise<never> => {
      await this.audit.record({ actor, action: 'account.password.reset', result: 'DENIED', resourceType: 'Account', resourceId: account?.id ?? null, details: { reason } });
      throw error;
    };
    if (!link || !account) return refuse('unknown-link', new NotFound(INVALID));
    if (link.usedAt) return refuse('link-used', new LinkGone(USED));
    if (link.expiresAt <= now) return refuse('link-expired', new LinkGone(EXPIRED));
    if (account.status !== 'ACTIVE') return refuse('inactive-account', new LinkGone(INACTIVE));
    return { link, account };
  }

  /** With a second factor, the reset needs it too (a stolen mailbox alone is not enough). */
  private async requireSecondFactor(account: Account, code: string | undefined, who: Actor): Promise<SecondFactorKind | null> {
    if (!account.totpEnabledAt) return null;
    await this.attempts.refuseIfLocked(account, who, 'account.password.reset');
    if (!code) {
      const message = 'Saisissez le code de votre application d’authentification, ou un code de secours.';
      throw new ValidationFailed(message, { code: [message] }, API_ERROR_CODES.mfaRequired);
    }
    const { kind, accepted } = await this.attempts.acceptSecondFactor(account, code);
    if (!accepted) {
      await this.attempts.countFailure(account, who, 'account.password.reset', `bad-${kind}`);
      throw new Unauthenticated('Code incorrect ou déjà utilisé.', API_ERROR_CODES.invalidMfaCode);
    }
    return kind;
  }
}

function resetMail(account: Account, link: string, expiresAt: Date) {
  const patient = account.role === 'PATIENT';
  return {
    to: account.email,
    subject: 'Réinitialisation de votre mot de passe Passerelle',
    text: [
      `Bonjour ${account.displayName},`,
      '',
      'Vous avez demandé à réinitialiser le mot de passe de votre compte Passerelle. Pour en choisir un nouveau, ouvrez ce lien personnel :',
      link,
      '',
      `Ce lien ne fonctionne qu’une fois et expire le ${parisDateTime(expiresAt)} (${PASSWORD_RESET_VALIDITY_MINUTES} minutes).`,
      patient
        ? 'Vos messages sont chiffrés avec votre ancien mot de passe : gardez votre kit de secours à portée de main, il vous permettra de les relire.'
        : 'Votre messagerie chiffrée devra ensuite être rétablie : un membre de votre cabinet vous partagera de nouveau la clé du cabinet.',
      '',
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ].join('\n'),
  };
}
