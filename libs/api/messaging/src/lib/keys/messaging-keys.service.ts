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
import { CryptoError, protectedKeyFingerprint, readPublicKeyInfo } from '@passerelle/shared/crypto';
import { requireEncryptedTo } from '../encryption/encrypted-content';
import { ThreadRepository } from '../threads/thread.repository';
import { KeyRepository } from './key.repository';

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
    if (!key) throw new NotFound("Votre messagerie sécurisée n'est pas encore activée.");
    return {
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      protectedPrivateKey: key.protectedPrivateKey,
      recoveryPrivateKey: key.recoveryPrivateKey,
    };
  }

  async register(account: Account, actor: Actor, request: RegisterAccountKeyRequest): Promise<AccountKeyView> {
    const info = await this.publicKeyInfo(request.publicKey);
    await this.requireSameKey(info.fingerprint, request.protectedPrivateKey, 'protectedPrivateKey');
    if (request.recoveryPrivateKey) await this.requireSameKey(info.fingerprint, request.recoveryPrivateKey, 'recoveryPrivateKey');
    const created = await this.keys.createAccountKey({
      accountId: account.id,
      publicKey: request.publicKey,
      fingerprint: info.fingerprint,
      encryptionKeyIds: info.encryptionKeyIds,
      protectedPrivateKey: request.protectedPrivateKey,
      recoveryPrivateKey: request.recoveryPrivateKey ?? null,
    });
    if (!created) {
      throw new Conflict('Votre clé est déjà enregistrée : changez sa protection au lieu de la remplacer.');
    }
    await this.audit.record({ actor, action: 'messaging.key.register', result: 'SUCCESS', resourceType: 'AccountKey', resourceId: account.id });
    return this.mine(account);
  }

  /** Password change or recovery: the same key pair, protected anew. */
  async reprotect(account: Account, actor: Actor, request: ReprotectAccountKeyRequest): Promise<AccountKeyView> {
    const key = await this.keys.accountKey(account.id);
    if (!key) throw new NotFound("Votre messagerie sécurisée n'est pas encore activée.");
    await this.requireSameKey(key.fingerprint, request.protectedPrivateKey, 'protectedPrivateKey');
    if (request.recoveryPrivateKey) await this.requireSameKey(key.fingerprint, request.recoveryPrivateKey, 'recoveryPrivateKey');
    await this.keys.reprotectAccountKey(account.id, request.protectedPrivateKey, request.recoveryPrivateKey);
    await this.audit.record({ actor, action: 'messaging.key.reprotect', result: 'SUCCESS', resourceType: 'AccountKey', resourceId: account.id });
    return this.mine(account);
  }

  async practiceKey(account: Account): Promise<PracticeKeyView> {
    const practiceId = await this.practiceOf(account);
    const key = await this.keys.practiceKey(practiceId);
    if (!key) throw new NotFound("La clé du cabinet n'est pas encore créée.");
    const [copy, holders, members] = await Promise.all([
      this.keys.practiceKeyCopy(practiceId, account.id),
      this.keys.practiceKeyHolders(practiceId),
      this.memberKeys(practiceId),
    ]);
    return {
      practiceId,
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
      myCopy: copy ? Buffer.from(copy).toString('base64') : null,
      sharers: members.filter((m) => holders.includes(m.accountId)).map(({ accountId, publicKey }) => ({ accountId, publicKey })),
      membersWithoutCopy: members.filter((m) => !holders.includes(m.accountId)).map(({ accountId, publicKey }) => ({ accountId, publicKey })),
    };
  }

  /** Created once by a practitioner of the practice, with at least her own copy. */
  async createPracticeKey(account: Account, actor: Actor, request: CreatePracticeKeyRequest): Promise<PracticeKeyView> {
    const practiceId = await this.practiceOf(account);
    if (account.role !== 'PRACTITIONER') throw new Forbidden('Seul un praticien du cabinet crée la clé du cabinet.');
    const info = await this.publicKeyInfo(request.publicKey);
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

  private async publicKeyInfo(armored: string) {
    try {
      return await readPublicKeyInfo(armored);
    } catch (error) {
      if (error instanceof CryptoError) throw new ValidationFailed(error.message, { publicKey: [error.message] });
      throw error;
    }
  }

  private async requireSameKey(fingerprint: string, protectedKey: RegisterAccountKeyRequest['protectedPrivateKey'], field: string): Promise<void> {
    let actual: string;
    try {
      actual = await protectedKeyFingerprint(protectedKey);
    } catch (error) {
      if (error instanceof CryptoError) throw new ValidationFailed(error.message, { [field]: [error.message] });
      throw error;
    }
    if (actual !== fingerprint) {
      throw new ValidationFailed("La clé privée ne correspond pas à la clé publique du compte.", { [field]: ['Clé différente.'] });
    }
  }
}
