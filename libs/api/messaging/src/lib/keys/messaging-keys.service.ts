import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@passerelle/api/platform';
import {
  AccountKeyView,
  CreatePracticeKeyRequest,
  PracticeKeyCopyDto,
  PracticeKeyView,
  RegisterAccountKeyRequest,
  ReprotectAccountKeyRequest,
} from '@passerelle/shared/contracts';
import { requireEncryptedTo } from '../encryption/encrypted-content';
import { ThreadRepository } from '../threads/thread.repository';
import { checkedPublicKey, requireSameKey } from './key-checks';
import { KeyRepository, NewAccountKey } from './key.repository';

const NOT_ACTIVATED = "Votre messagerie sécurisée n'est pas encore activée.";
const NO_RESET_PENDING = 'Votre clé n’a pas à être rétablie : pour changer sa protection, changez votre mot de passe depuis « Sécurité du compte ».';

/**
 * Keys as the server sees them: public keys it checks, private keys it only
 * stores as the browser protected them. It cannot unlock any of them.
 */
@Injectable()
export class MessagingKeys {
  constructor(
    private readonly keys: KeyRepository,
    private readonly threads: ThreadRepository,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
  ) {}

  async mine(account: Account): Promise<AccountKeyView> {
    const key = await this.keys.accountKey(account.id);
    if (!key) throw new NotFound(NOT_ACTIVATED);
    return {
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      protectedPrivateKey: key.protectedPrivateKey,
      recoveryPrivateKey: key.recoveryPrivateKey,
      passwordResetAt: key.passwordResetAt?.toISOString() ?? null,
    };
  }

  async register(account: Account, actor: Actor, request: RegisterAccountKeyRequest): Promise<AccountKeyView> {
    const created = await this.keys.createAccountKey(await this.checkedNewKey(account, request));
    if (!created) {
      throw new Conflict('Votre clé est déjà enregistrée : elle ne se remplace qu’après une réinitialisation du mot de passe.');
    }
    await this.audit.record({ actor, action: 'messaging.key.register', result: 'SUCCESS', resourceType: 'AccountKey', resourceId: account.id });
    return this.mine(account);
  }

  /**
   * After a password reset only: the same key pair, which the browser opened
   * with the recovery kit (or the old password) and protected with the new
   * password. Otherwise a protection changes only with the password, in one
   * transaction (PUT here would let a stolen session lock the owner out).
   */
  async restore(account: Account, actor: Actor, request: ReprotectAccountKeyRequest): Promise<AccountKeyView> {
    const key = await this.keys.accountKey(account.id);
    if (!key) throw new NotFound(NOT_ACTIVATED);
    await requireSameKey(key.fingerprint, request.protectedPrivateKey, 'protectedPrivateKey');
    if (request.recoveryPrivateKey) await requireSameKey(key.fingerprint, request.recoveryPrivateKey, 'recoveryPrivateKey');
    if (!(await this.keys.restoreAfterReset(account.id, request.protectedPrivateKey, request.recoveryPrivateKey))) {
      await this.audit.record({ actor, action: 'messaging.key.restore', result: 'DENIED', resourceType: 'AccountKey', resourceId: account.id, details: { reason: 'no-reset-pending' } });
      throw new Conflict(NO_RESET_PENDING);
    }
    await this.audit.record({ actor, action: 'messaging.key.restore', result: 'SUCCESS', resourceType: 'AccountKey', resourceId: account.id });
    return this.mine(account);
  }

  /**
   * After a password reset only, when the old key cannot be opened any more
   * (no recovery kit): a new key pair. Old messages stay encrypted to the old
   * key (and to the practice key, so the practice still reads them); staff
   * lose their practice key copy until a colleague shares it again.
   */
  async replace(account: Account, actor: Actor, request: RegisterAccountKeyRequest): Promise<AccountKeyView> {
    const key = await this.keys.accountKey(account.id);
    if (!key) throw new NotFound(NOT_ACTIVATED);
    const fresh = await this.checkedNewKey(account, request);
    if (fresh.fingerprint === key.fingerprint) {
      throw new ValidationFailed('Cette clé est celle que vous avez déjà : générez-en une nouvelle.', { publicKey: ['Même clé.'] });
    }
    const replaced = await this.keys.replaceAfterReset(fresh);
    if (!replaced) {
      await this.audit.record({ actor, action: 'messaging.key.replace', result: 'DENIED', resourceType: 'AccountKey', resourceId: account.id, details: { reason: 'no-reset-pending' } });
      throw new Conflict(NO_RESET_PENDING);
    }
    await this.audit.record({ actor, action: 'messaging.key.replace', result: 'SUCCESS', resourceType: 'AccountKey', resourceId: account.id, details: replaced });
    return this.mine(account);
  }

  async practiceKey(account: Account): Promise<PracticeKeyView> {
    const practiceId = await this.practiceOf(account);
    const key = await this.keys.practiceKey(practiceId);
    if (!key) throw new NotFound("La clé du cabinet n'est pas encore créée.");
    const memberIds = (await this.threads.activeMembers(practiceId)).map((m) => m.accountId);
    const [copy, holders, members, signingKeys] = await Promise.all([
      this.keys.practiceKeyCopy(practiceId, account.id),
      this.keys.practiceKeyHolders(practiceId),
      this.keys.accountKeys(memberIds),
      this.keys.signingKeys(memberIds),
    ]);
    const current = new Set(members.map((m) => m.publicKey));
    return {
      practiceId,
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      myCopy: copy ? Buffer.from(copy).toString('base64') : null,
      // Holders now, and members' keys retired after a password reset: a copy
      // they shared before their reset is signed by the old key.
      sharers: [
        ...members.filter((m) => holders.includes(m.accountId)),
        ...signingKeys.filter((k) => !current.has(k.publicKey)),
      ].map(({ accountId, publicKey }) => ({ accountId, publicKey })),
      membersWithoutCopy: members.filter((m) => !holders.includes(m.accountId)).map(({ accountId, publicKey }) => ({ accountId, publicKey })),
    };
  }

  /** Created once by a practitioner of the practice, with at least her own copy. */
  async createPracticeKey(account: Account, actor: Actor, request: CreatePracticeKeyRequest): Promise<PracticeKeyView> {
    const practiceId = await this.practiceOf(account);
    if (account.role !== 'PRACTITIONER') throw new Forbidden('Seul un praticien du cabinet crée la clé du cabinet.');
    const info = await checkedPublicKey(request.publicKey);
    if (!request.copies.some((c) => c.accountId === account.id)) {
      throw new ValidationFailed('Gardez une copie de la clé du cabinet pour vous-même.', { copies: ['Votre propre copie manque.'] });
    }
    const copies = await this.checkedCopies(practiceId, request.copies);
    const created = await this.keys.createPracticeKey(
      { practiceId, publicKey: request.publicKey, fingerprint: info.fingerprint, encryptionKeyIds: info.encryptionKeyIds },
      account.id,
      copies,
    );
    if (!created) throw new Conflict('Le cabinet a déjà une clé.');
    await this.audit.record({ actor, action: 'messaging.practice-key.create', result: 'SUCCESS', resourceType: 'Practice', resourceId: practiceId, details: { copies: copies.length } });
    return this.practiceKey(account);
  }

  /** A member who holds the practice key shares it with members who lack it. */
  async sharePracticeKey(account: Account, actor: Actor, copies: PracticeKeyCopyDto[]): Promise<PracticeKeyView> {
    const practiceId = await this.practiceOf(account);
    if (!(await this.keys.practiceKeyCopy(practiceId, account.id))) {
      throw new Forbidden("Vous n'avez pas la clé du cabinet : un membre qui l'a doit la partager.");
    }
    const checked = await this.checkedCopies(practiceId, copies);
    await this.keys.addPracticeKeyCopies(practiceId, account.id, checked);
    await this.audit.record({ actor, action: 'messaging.practice-key.share', result: 'SUCCESS', resourceType: 'Practice', resourceId: practiceId, details: { copies: checked.length } });
    return this.practiceKey(account);
  }

  private async checkedCopies(practiceId: string, copies: PracticeKeyCopyDto[]): Promise<{ accountId: string; encryptedPrivateKey: Uint8Array }[]> {
    const members = await this.memberKeys(practiceId);
    return Promise.all(
      copies.map(async (copy) => {
        const member = members.find((m) => m.accountId === copy.accountId);
        if (!member) {
          throw new ValidationFailed("Une copie est destinée à quelqu'un qui n'est pas membre du cabinet ou n'a pas de clé.", { copies: ['Destinataire inconnu.'] });
        }
        const encryptedPrivateKey = new Uint8Array(Buffer.from(copy.encryptedPrivateKey, 'base64'));
        await requireEncryptedTo(encryptedPrivateKey, [member.encryptionKeyIds], 'ce membre du cabinet', 'copies');
        return { accountId: copy.accountId, encryptedPrivateKey };
      }),
    );
  }

  private async memberKeys(practiceId: string) {
    const members = await this.threads.activeMembers(practiceId);
    return this.keys.accountKeys(members.map((m) => m.accountId));
  }

  private async practiceOf(account: Account): Promise<string> {
    const [practiceId] = await this.people.activePracticeIds(account.id);
    if (!practiceId || !(await this.access.isPracticeStaff(account, practiceId))) {
      throw new Forbidden("Vous n'êtes membre d'aucun cabinet.");
    }
    return practiceId;
  }

  /** A new account key pair: a public key we accept, and private keys (password, kit) that are its own. */
  private async checkedNewKey(account: Account, request: RegisterAccountKeyRequest): Promise<NewAccountKey> {
    const info = await checkedPublicKey(request.publicKey);
    await requireSameKey(info.fingerprint, request.protectedPrivateKey, 'protectedPrivateKey');
    if (request.recoveryPrivateKey) await requireSameKey(info.fingerprint, request.recoveryPrivateKey, 'recoveryPrivateKey');
    return {
      accountId: account.id,
      publicKey: request.publicKey,
      fingerprint: info.fingerprint,
      encryptionKeyIds: info.encryptionKeyIds,
      protectedPrivateKey: request.protectedPrivateKey,
      recoveryPrivateKey: request.recoveryPrivateKey ?? null,
    };
  }
}
