import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Forbidden, NotFound } from '@passerelle/api/platform';
import { PracticeMemberView } from '@passerelle/shared/contracts';
import { PracticeRepository } from './practice.repository';

/** The practice's team (secretaries attached by a practitioner) and its online-booking allow-list. */
@Injectable()
export class PracticeTeam {
  constructor(
    private readonly practice: PracticeRepository,
    private readonly people: PeopleRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** The practice of a staff member (a secretary of several practices acts on the first). */
  async practiceOf(account: Account): Promise<string> {
    const [practiceId] = await this.people.activePracticeIds(account.id);
    if (!practiceId) throw new Forbidden("Votre compte n'est rattaché à aucun cabinet.");
    return practiceId;
  }

  async members(account: Account): Promise<PracticeMemberView[]> {
    return this.practice.members(await this.practiceOf(account));
  }

  async attachSecretary(account: Account, actor: Actor, email: string): Promise<PracticeMemberView> {
    const practiceId = await this.practiceOf(account);
    const secretary = await this.practice.secretaryAccountByEmail(email);
    if (!secretary || secretary.status === 'DISABLED') {
      throw new NotFound('Aucun compte secrétaire actif avec cette adresse e-mail. Demandez-lui de créer son compte professionnel.');
    }
    await this.practice.attachSecretary(practiceId, secretary.id, account.id);
    await this.audit.record({ actor, action: 'practice.secretary.attach', result: 'SUCCESS', resourceType: 'Account', resourceId: secretary.id, onBehalfOf: practiceId });
    const member = (await this.practice.members(practiceId)).find((m) => m.accountId === secretary.id);
    if (!member) throw new NotFound('Secrétaire introuvable.');
    return member;
  }

  async detachSecretary(account: Account, actor: Actor, secretaryAccountId: string): Promise<void> {
    const practiceId = await this.practiceOf(account);
    if (!(await this.practice.detachSecretary(practiceId, secretaryAccountId))) {
      throw new NotFound("Cette personne n'est pas secrétaire du cabinet.");
    }
    await this.audit.record({ actor, action: 'practice.secretary.detach', result: 'SUCCESS', resourceType: 'Account', resourceId: secretaryAccountId, onBehalfOf: practiceId });
  }

  async allowList(account: Account): Promise<string[]> {
    return this.practice.allowList(await this.practiceOf(account));
  }

  async allow(account: Account, actor: Actor, email: string): Promise<void> {
    const practiceId = await this.practiceOf(account);
    await this.practice.allow(practiceId, email, account.id);
    await this.audit.record({ actor, action: 'practice.allow-list.add', result: 'SUCCESS', onBehalfOf: practiceId });
  }

  async disallow(account: Account, actor: Actor, email: string): Promise<void> {
    const practiceId = await this.practiceOf(account);
    await this.practice.disallow(practiceId, email);
    await this.audit.record({ actor, action: 'practice.allow-list.remove', result: 'SUCCESS', onBehalfOf: practiceId });
  }
}
