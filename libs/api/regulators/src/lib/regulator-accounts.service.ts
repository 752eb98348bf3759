import { Injectable, Logger } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { newLinkToken, SessionService } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { MailTransport } from '@passerelle/api/mail';
import { Conflict, NotFound } from '@passerelle/api/platform';
import { INVITATION_VALIDITY_HOURS } from '@passerelle/shared/contracts';
import { RegulatorIdentifier, RegulatorInput, RegulatorRecord } from './regulator';
import { BusinessRuleViolated, PRACTITIONER_EMAIL_MESSAGE, PreconditionFailed } from './regulator-errors';
import { IdentifierTaken, RegulatorRepository } from './regulator.repository';

const IDENTIFIER_TAKEN = 'Un compte régulateur actif porte déjà cet identifiant : désactivez-le avant de le réattribuer.';

const displayNameOf = (input: Pick<RegulatorInput, 'givenName' | 'familyName'>) => `${input.givenName} ${input.familyName}`;
const parisDateTime = (d: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(d);

/**
 * Regulator accounts, whether the SAS platform (INT_R02) or an admin
 * manages them. A regulator logs in with a PRO account of role REGULATOR,
 * created without a password: a single-use link (72 h, stored hashed) lets
 * them choose one and enrol their second factor. An e-mail already used by
 * a practitioner, secretary or admin account is refused (a separate account
 * is required); regulators sharing an e-mail share one login. Deactivating
 * the last active regulator of an account disables it and ends its sessions.
 */
@Injectable()
export class RegulatorAccounts {
  private readonly logger = new Logger('RegulatorAccounts');

  constructor(
    private readonly regulators: RegulatorRepository,
    private readonly sessions: SessionService,
    private readonly mail: MailTransport,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  list(): Promise<RegulatorRecord[]> {
    return this.regulators.list();
  }

  async create(input: RegulatorInput, actor: Actor): Promise<RegulatorRecord> {
    if (input.active && input.identifier && (await this.regulators.withIdentifier(input.identifier)).some((r) => r.active)) {
      throw new Conflict(IDENTIFIER_TAKEN);
    }
    const accountId = await this.accountFor(input);
    const regulator = await this.insert(accountId, input);
    await this.syncAccount(accountId, actor);
    await this.audit.record({ actor, action: 'regulator.create', result: 'SUCCESS', resourceType: 'Regulator', resourceId: regulator.id, details: { source: input.source, active: input.active } });
    return (await this.regulators.find(regulator.id)) ?? regulator;
  }

  /**
   * The conditional update: the regulator with this identifier, active or
   * not (the single active one when there are several), updated; none → a
   * creation. Returns whether it was created.
   */
  async upsertByIdentifier(condition: RegulatorIdentifier, input: RegulatorInput, actor: Actor): Promise<{ regulator: RegulatorRecord; created: boolean }> {
    const matches = await this.regulators.withIdentifier(condition);
    if (matches.length === 0) {
      return { regulator: await this.create(input, actor), created: true };
    }
    const active = matches.filter((m) => m.active);
    const target = matches.length === 1 ? matches[0] : active.length === 1 ? active[0] : null;
    if (!target) {
      throw new PreconditionFailed('Plusieurs comptes régulateurs correspondent à cet identifiant : mise à jour impossible sans ambiguïté.');
    }
    return { regulator: await this.update(target, input, actor), created: false };
  }

  async deactivate(id: string, actor: Actor): Promise<RegulatorRecord> {
    const regulator = await this.regulators.find(id);
    if (!regulator) throw new NotFound('Régulateur introuvable.');
    return this.update(regulator, { ...regulator, active: false }, actor);
  }

  private async update(current: RegulatorRecord, input: Omit<RegulatorInput, 'source'>, actor: Actor): Promise<RegulatorRecord> {
    let accountId = current.accountId;
    if (input.email.trim().toLowerCase() !== current.email) {
      const holder = await this.regulators.proAccountOfEmail(input.email);
      if (holder && holder.id !== current.accountId) {
        if (holder.role !== 'REGULATOR') throw new BusinessRuleViolated(PRACTITIONER_EMAIL_MESSAGE);
        accountId = holder.id;
      } else if (!holder && (await this.regulators.regulatorCountOfAccount(current.accountId)) === 1) {
        await this.regulators.setAccountEmail(current.accountId, input.email, displayNameOf(input));
      } else if (!holder) {
        accountId = await this.accountFor(input);
      }
    }
    const updated = await this.write(() => this.regulators.update(current.id, accountId, input));
    await this.syncAccount(accountId, actor);
    if (accountId !== current.accountId) await this.syncAccount(current.accountId, actor);
    const action = current.active && !input.active ? 'regulator.deactivate' : 'regulator.update';
    await this.audit.record({ actor, action, result: 'SUCCESS', resourceType: 'Regulator', resourceId: current.id, details: { active: input.active } });
    return (await this.regulators.find(updated.id)) ?? updated;
  }

  /** The login account for a new regulator: the regulator account of that e-mail, or a new one; never another professional's. */
  private async accountFor(input: Omit<RegulatorInput, 'source'>): Promise<string> {
    const holder = await this.regulators.proAccountOfEmail(input.email);
    if (holder && holder.role !== 'REGULATOR') throw new BusinessRuleViolated(PRACTITIONER_EMAIL_MESSAGE);
    if (holder) return holder.id;
    try {
      return await this.regulators.createAccount(input.email, displayNameOf(input), input.active ? 'INVITED' : 'DISABLED');
    } catch {
      // Created meanwhile by a concurrent request: use it.
      const again = await this.regulators.proAccountOfEmail(input.email);
      if (!again || again.role !== 'REGULATOR') throw new BusinessRuleViolated(PRACTITIONER_EMAIL_MESSAGE);
      return again.id;
    }
  }

  private insert(accountId: string, input: RegulatorInput): Promise<RegulatorRecord> {
    return this.write(() => this.regulators.insert(accountId, input));
  }

  private async write(operation: () => Promise<RegulatorRecord>): Promise<RegulatorRecord> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof IdentifierTaken) throw new Conflict(IDENTIFIER_TAKEN);
      throw error;
    }
  }

  /**
   * The account follows its regulators: disabled (and every session ended)
   * when none is active; back to ACTIVE, or INVITED with a fresh link when
   * no password was ever chosen, when one is active again.
   */
  private async syncAccount(accountId: string, actor: Actor): Promise<void> {
    const active = await this.regulators.activeRegulatorCount(accountId);
    const account = await this.regulators.accountState(accountId);
    if (!account) return;
    if (active === 0) {
      if (account.status !== 'DISABLED') await this.regulators.setAccountStatus(accountId, 'DISABLED');
      const revoked = await this.sessions.revokeAll(accountId);
      if (account.status !== 'DISABLED') await this.audit.record({ actor, action: 'account.disable', result: 'SUCCESS', resourceType: 'Account', resourceId: accountId, details: { sessionsRevoked: revoked } });
      return;
    }
    const status = account.status === 'DISABLED' ? (account.hasPassword ? 'ACTIVE' : 'INVITED') : account.status;
    if (status !== account.status) await this.regulators.setAccountStatus(accountId, status);
    // Whoever created the account (even a concurrent request that lost the identifier), a waiting account gets one live link.
    if (status === 'INVITED' && !(await this.regulators.hasLiveInvitation(accountId))) {
      await this.sendInvitation(accountId, account.email, account.displayName, actor);
    }
  }

  private async sendInvitation(accountId: string, email: string, displayName: string, actor: Actor): Promise<void> {
    const token = newLinkToken();
    const expiresAt = new Date(Date.now() + INVITATION_VALIDITY_HOURS * 3_600_000);
    await this.regulators.replaceInvitation(accountId, token, expiresAt);
    const link = `${this.config.publicUrl}/invitation/${token}`;
    try {
      await this.mail.send({
      to: email,
      subject: 'Votre compte régulateur Passerelle',
      text: [
        `Bonjour ${displayName},`,
        '',
        'Un compte « Régulateur » a été créé pour vous sur Passerelle (Service d’Accès aux Soins).',
        'Pour choisir votre mot de passe et activer la double authentification, ouvrez ce lien personnel :',
        link,
        '',
        `Ce lien ne fonctionne qu’une fois et expire le ${parisDateTime(expiresAt)} (72 heures).`,
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
      ].join('\n'),
      });
    } catch (error) {
      // The account exists either way: an admin sends a new link once the mail server is back.
      this.logger.warn({ accountId, cause: error instanceof Error ? error.message : String(error) }, 'invitation e-mail not sent');
      await this.audit.record({ actor, action: 'account.invitation.send', result: 'FAILURE', resourceType: 'Account', resourceId: accountId });
      return;
    }
    await this.audit.record({ actor, action: 'account.invitation.send', result: 'SUCCESS', resourceType: 'Account', resourceId: accountId });
  }

  /** A new one-time link (the previous one stops working), for a regulator who has not chosen a password yet. */
  async resendInvitation(id: string, actor: Actor): Promise<RegulatorRecord> {
    const regulator = await this.regulators.find(id);
    if (!regulator) throw new NotFound('Régulateur introuvable.');
    const account = await this.regulators.accountState(regulator.accountId);
    if (!regulator.active || account?.status !== 'INVITED') {
      throw new Conflict('Un nouveau lien ne s’envoie qu’à un régulateur actif qui n’a pas encore activé son compte.');
    }
    await this.sendInvitation(regulator.accountId, account.email, account.displayName, actor);
    return regulator;
  }
}
