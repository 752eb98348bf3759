/**
 * A simulated browser for messaging e2e tests: signs in over HTTP, creates or
 * unlocks its key pair with libs/shared/crypto exactly as the web app does
 * (the password never leaves this "browser" for key protection), encrypts
 * to a thread's recipients, and listens on socket.io with the session cookie.
 */
import { io, Socket } from 'socket.io-client';
import {
  ClientToServerEvents,
  MESSAGING_ROUTES,
  MessageView,
  PracticeKeyView,
  REALTIME_PATH,
  ServerToClientEvents,
  ThreadRecipientsView,
} from '@passerelle/shared/contracts';
import {
  decryptFile,
  decryptText,
  encryptFile,
  encryptText,
  generateKeyPair,
  openPracticeKey,
  protectPrivateKey,
  sharePracticeKey,
  unlockPrivateKey,
  UnlockedPrivateKey,
  type ProtectedPrivateKey,
} from '@passerelle/shared/crypto';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount } from '../../../../tools/test/demo-accounts';

/** Fewer rounds than production's 600,000 keep the suite fast; the server accepts ≥ 100,000. */
const TEST_ITERATIONS = 100_000;

export type MessagingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class MessagingUser {
  key!: UnlockedPrivateKey;
  accountId!: string;
  practiceKey: UnlockedPrivateKey | null = null;

  private constructor(
    readonly http: ApiClient,
    readonly email: string,
    private readonly password: string,
  ) {}

  static async demo(account: DemoAccount): Promise<MessagingUser> {
    const user = new MessagingUser(new ApiClient(), account.email, account.password);
    const session = await user.http.loginAsDemo(account);
    user.accountId = (session['account'] as unknown as { id: string }).id;
    return user;
  }

  static fromClient(http: ApiClient, email: string, accountId: string): MessagingUser {
    const user = new MessagingUser(http, email, DEMO_PASSWORD);
    user.accountId = accountId;
    return user;
  }

  static async patient(email: string): Promise<MessagingUser> {
    const user = new MessagingUser(new ApiClient(), email, DEMO_PASSWORD);
    const session = await user.http.loginAs(email, DEMO_PASSWORD);
    user.accountId = (session['account'] as unknown as { id: string }).id;
    return user;
  }

  /** Registers a key pair on first use, else unlocks the stored one with the password. */
  async ensureKey(): Promise<this> {
    const existing = await this.http.get<{ protectedPrivateKey: ProtectedPrivateKey }>(MESSAGING_ROUTES.myKey);
    if (existing.status === 200) {
      this.key = await unlockPrivateKey(existing.body.protectedPrivateKey, this.password);
      return this;
    }
    this.key = await generateKeyPair(this.email);
    const registered = await this.http.put(MESSAGING_ROUTES.myKey, {
      publicKey: this.key.publicKeyArmored,
      protectedPrivateKey: await protectPrivateKey(this.key, this.password, TEST_ITERATIONS),
    });
    if (registered.status !== 200) throw new Error(`key registration failed: ${registered.status} ${registered.text}`);
    return this;
  }

  /** Practitioner: creates the practice key (copies for every member with a key) unless it exists; then opens own copy. */
  async ensurePracticeKey(): Promise<this> {
    let view = await this.http.get<PracticeKeyView>(MESSAGING_ROUTES.practiceKey);
    if (view.status === 404) {
      const practiceKey = await generateKeyPair('Cabinet');
      const members = await this.http.get<{ accountId: string }[]>('/api/practice/members');
      const keys: { accountId: string; publicKey: string }[] = [];
      for (const m of members.body) {
        if (m.accountId === this.accountId) keys.push({ accountId: m.accountId, publicKey: this.key.publicKeyArmored });
      }
      const copies = await sharePracticeKey(practiceKey, keys.map((k) => k.publicKey), this.key);
      const created = await this.http.put<PracticeKeyView>(MESSAGING_ROUTES.practiceKey, {
        publicKey: practiceKey.publicKeyArmored,
        copies: copies.map((c, i) => ({ accountId: keys[i].accountId, encryptedPrivateKey: Buffer.from(c.encryptedPrivateKey).toString('base64') })),
      });
      if (created.status !== 200) throw new Error(`practice key creation failed: ${created.status} ${created.text}`);
      view = created;
    }
    return this.openPracticeKey(view.body);
  }

  /** Shares the practice key with members who registered a key but have no copy yet. */
  async shareWithNewMembers(): Promise<void> {
    const view = (await this.http.get<PracticeKeyView>(MESSAGING_ROUTES.practiceKey)).body;
    if (!this.practiceKey || view.membersWithoutCopy.length === 0) return;
    const copies = await sharePracticeKey(this.practiceKey, view.membersWithoutCopy.map((m) => m.publicKey), this.key);
    const shared = await this.http.post(MESSAGING_ROUTES.practiceKeyCopies, {
      copies: copies.map((c, i) => ({ accountId: view.membersWithoutCopy[i].accountId, encryptedPrivateKey: Buffer.from(c.encryptedPrivateKey).toString('base64') })),
    });
    if (shared.status !== 200) throw new Error(`practice key sharing failed: ${shared.status} ${shared.text}`);
  }

  async openPracticeKey(view?: PracticeKeyView): Promise<this> {
    const body = view ?? (await this.http.get<PracticeKeyView>(MESSAGING_ROUTES.practiceKey)).body;
    if (body.myCopy) {
      this.practiceKey = await openPracticeKey(new Uint8Array(Buffer.from(body.myCopy, 'base64')), this.key, body.sharers.map((s) => s.publicKey));
    }
    return this;
  }

  async recipients(threadId: string): Promise<ThreadRecipientsView> {
    const response = await this.http.get<ThreadRecipientsView>(MESSAGING_ROUTES.threadRecipients(threadId));
    if (response.status !== 200) throw new Error(`recipients: ${response.status} ${response.text}`);
    return response.body;
  }

  static recipientKeys(r: ThreadRecipientsView): string[] {
    return [r.patient.publicKey, r.practitioner.publicKey, r.practice.publicKey];
  }

  async encryptTo(publicKeys: string[], body: object): Promise<string> {
    return encryptText(JSON.stringify(body), { recipients: publicKeys, signingKey: this.key });
  }

  async encryptFileTo(publicKeys: string[], content: Uint8Array): Promise<Uint8Array> {
    return encryptFile(content, { recipients: publicKeys, signingKey: this.key });
  }

  async read(message: MessageView, senders: string[]) {
    const decrypted = await decryptText(message.body, { decryptionKey: this.key, senders });
    return { ...decrypted, body: JSON.parse(decrypted.data) as { text: string } };
  }

  async readFile(content: Uint8Array, senders: string[]) {
    return decryptFile(content, { decryptionKey: this.key, senders });
  }

  socket(options: { autoConnect?: boolean; url?: string; origin?: string } = {}): MessagingSocket {
    return socketFor(this.http, options);
  }
}

export function socketFor(http: ApiClient, options: { autoConnect?: boolean; url?: string; origin?: string } = {}): MessagingSocket {
    const cookie = [...http.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return io(options.url ?? http.baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      extraHeaders: { cookie, ...(options.origin ? { origin: options.origin } : {}) },
      reconnection: false,
      autoConnect: options.autoConnect ?? true,
      forceNew: true,
    });
}

export const connected = (socket: MessagingSocket): Promise<void> =>
  new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });

/** Collects `message:new` events, acknowledging each like the web app. */
export function collectMessages(socket: MessagingSocket): MessageView[] {
  const received: MessageView[] = [];
  socket.on('message:new', (message, ack) => {
    received.push(message);
    ack({ ok: true });
  });
  return received;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { DEMO_ACCOUNTS };
