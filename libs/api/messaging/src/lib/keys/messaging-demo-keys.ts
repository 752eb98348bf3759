import { Injectable, Logger } from '@nestjs/common';
import { AccountRepository, DEMO_ACCOUNTS, DEMO_PASSWORD, PeopleRepository } from '@passerelle/api/identity';
import {
  generateKeyPair,
  PBKDF2_ITERATIONS,
  protectPrivateKey,
  readPublicKeyInfo,
  sharePracticeKey,
  unlockPrivateKey,
  UnlockedPrivateKey,
} from '@passerelle/shared/crypto';
import { ThreadRepository } from '../threads/thread.repository';
import { KeyRepository } from './key.repository';

/**
 * Demo data: the demo practice's staff get the key pairs their browsers
 * would create on their first visit to the messaging (same crypto library,
 * protected by the known demo password), and the practice its key, shared
 * with each of them by Dr Martin. So a SAS regulator can send an encrypted
 * attachment to the demo practice from the first demo booking. Patients are
 * left to the first-use flow, which shows them their recovery kit.
 *
 * Demo only, like the demo password itself: real accounts create their keys
 * in their own browser and the server never sees a private key unprotected.
 */
@Injectable()
export class MessagingDemoKeys {
  private readonly logger = new Logger('MessagingDemoKeys');

  constructor(
    private readonly accounts: AccountRepository,
    private readonly people: PeopleRepository,
    private readonly threads: ThreadRepository,
    private readonly keys: KeyRepository,
  ) {}

  async seed(iterations = PBKDF2_ITERATIONS): Promise<void> {
    const sharer = await this.accounts.findByEmail(DEMO_ACCOUNTS.practitioner, 'PRO');
    const [practiceId] = sharer ? await this.people.activePracticeIds(sharer.id) : [];
    if (!sharer || !practiceId || (await this.keys.practiceKey(practiceId))) return;
    const memberKeys: { accountId: string; key: UnlockedPrivateKey }[] = [];
    for (const { accountId } of await this.threads.activeMembers(practiceId)) {
      const account = await this.accounts.findById(accountId);
      if (account) memberKeys.push({ accountId, key: await this.accountKey(accountId, account.email, iterations) });
    }
    const sharerKey = memberKeys.find((m) => m.accountId === sharer.id)?.key;
    if (!sharerKey) return;
    const practiceKey = await generateKeyPair('Cabinet');
    const copies = await sharePracticeKey(practiceKey, memberKeys.map((m) => m.key.publicKeyArmored), sharerKey);
    const info = await readPublicKeyInfo(practiceKey.publicKeyArmored);
    await this.keys.createPracticeKey(
      { practiceId, publicKey: practiceKey.publicKeyArmored, fingerprint: info.fingerprint, encryptionKeyIds: info.encryptionKeyIds },
      sharer.id,
      copies.map((copy, i) => ({ accountId: memberKeys[i].accountId, encryptedPrivateKey: copy.encryptedPrivateKey })),
    );
    this.logger.log(`demo keys created: ${memberKeys.length} practice members and their practice key`);
  }

  /** The member's key: unlocked with the demo password when it exists, else created and registered. */
  private async accountKey(accountId: string, email: string, iterations: number): Promise<UnlockedPrivateKey> {
    const existing = await this.keys.accountKey(accountId);
    if (existing) return unlockPrivateKey(existing.protectedPrivateKey, DEMO_PASSWORD);
    const key = await generateKeyPair(email);
    const info = await readPublicKeyInfo(key.publicKeyArmored);
    await this.keys.createAccountKey({
      accountId,
      publicKey: key.publicKeyArmored,
      fingerprint: info.fingerprint,
      encryptionKeyIds: info.encryptionKeyIds,
      protectedPrivateKey: await protectPrivateKey(key, DEMO_PASSWORD, iterations),
      recoveryPrivateKey: null,
    });
    return key;
  }
}
