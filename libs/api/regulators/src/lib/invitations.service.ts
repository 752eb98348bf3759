import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { ClientInfo, IssuedSession, SessionService } from '@passerelle/api/auth';
import { Account, AccountRepository, PasswordHasher, passwordProblems } from '@passerelle/api/identity';
import { NotFound, ValidationFailed } from '@passerelle/api/platform';
import { API_ERROR_CODES, INVITATION_TOKEN_PATTERN, InvitationView, REGULATOR_PROFESSION } from '@passerelle/shared/contracts';
import { LinkGone } from './regulator-errors';
import { InvitationAccountNotInvited, InvitationRecord, RegulatorRepository } from './regulator.repository';

const INVALID = 'Ce lien n’est pas valide. Vérifiez qu’il est complet, ou demandez-en un nouveau à l’administrateur.';
const USED = 'Ce lien a déjà été utilisé. Connectez-vous avec votre adresse e-mail et votre mot de passe.';
const EXPIRED = 'Ce lien a expiré (il est valable 72 heures). Demandez-en un nouveau à l’administrateur.';
const DISABLED = 'Ce compte a été désactivé : ce lien ne peut plus servir.';

/**
 * The one-time link of a new regulator: shows who it is for, then sets the
 * password and opens a session at the second-factor enrolment step (the
 * auth library's enrolment endpoints take over from there).
 */
@Injectable()
export class Invitations {
  constructor(
    private readonly regulators: RegulatorRepository,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditTrail,
  ) {}

  async view(token: string, now = new Date()): Promise<InvitationView> {
    const invitation = await this.usable(token, now);
    return { email: invitation.account.email, displayName: invitation.account.displayName, profession: REGULATOR_PROFESSION, expiresAt: invitation.expiresAt.toISOString() };
  }

  async accept(token: string, password: string, actor: Actor, client: ClientInfo, now = new Date()): Promise<{ account: Account; issued: IssuedSession }> {
    const invitation = await this.usable(token, now);
    const problems = passwordProblems(password, { email: invitation.account.email, names: invitation.account.displayName.split(/\s+/) });
    if (problems.length > 0) {
      throw new ValidationFailed(problems[0], { password: problems }, API_ERROR_CODES.weakPassword);
    }
    let accountId: string | null;
    try {
      accountId = await this.regulators.consumeInvitation(token, await this.hasher.hash(password), now);
    } catch (error) {
      if (error instanceof InvitationAccountNotInvited) throw new LinkGone(USED);
      throw error;
    }
    if (!accountId) {
      // Used or expired between the check and now (a concurrent request won).
      await this.audit.record({ actor, action: 'account.invitation.accept', result: 'DENIED', resourceType: 'Account', resourceId: invitation.accountId, details: { reason: 'used' } });
      throw new LinkGone(USED);
    }
    const account = await this.accounts.findById(accountId);
    if (!account) throw new NotFound(INVALID);
    const issued = await this.sessions.issue(account, false, client);
    await this.audit.record({ actor: { ...actor, accountId: account.id, role: account.role }, action: 'account.invitation.accept', result: 'SUCCESS', resourceType: 'Account', resourceId: account.id });
    return { account, issued };
  }

  private async usable(token: string, now: Date): Promise<InvitationRecord> {
    const invitation = INVITATION_TOKEN_PATTERN.test(token) ? await this.regulators.invitation(token) : null;
    if (!invitation) throw new NotFound(INVALID);
    if (invitation.usedAt) throw new LinkGone(USED);
    if (invitation.expiresAt <= now) throw new LinkGone(EXPIRED);
    if (invitation.account.status !== 'INVITED') throw new LinkGone(invitation.account.status === 'DISABLED' ? DISABLED : USED);
    return invitation;
  }
}
