import { MESSAGING_ROUTES, MessagingPractitionerView, MessageView, OutboxEmailView, ThreadView } from '@passerelle/shared/contracts';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { Cast, castWithKeys, openedThread } from './messaging-setup';
import { connected, MessagingSocket, MessagingUser } from './messaging-user';

const R = MESSAGING_ROUTES;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An offline recipient (no connected socket) is told by e-mail — through the
 * app's MailTransport, here the embedded outbox an admin reads — that a
 * message is waiting, and nothing else: no content, no sender, no purpose.
 */
describe('offline recipients get a content-free "message waiting" e-mail', () => {
  let cast: Cast;
  let keys: { practitioner: string; practice: string };
  let admin: ApiClient;
  const sockets: MessagingSocket[] = [];

  const mailsTo = async (email: string): Promise<OutboxEmailView[]> => {
    const response = await admin.get<OutboxEmailView[]>(`/api/admin/outbox?limit=200&to=${encodeURIComponent(email)}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const reply = async (from: MessagingUser, thread: ThreadView, text: string): Promise<MessageView> => {
    const body = await from.encryptTo([cast.marie.key.publicKeyArmored, keys.practitioner, keys.practice], { text });
    const response = await from.http.post<MessageView>(R.threadMessages(thread.id), { body });
    if (response.status !== 201) throw new Error(`send failed: ${response.status} ${response.text}`);
    return response.body;
  };
  const online = async (user: MessagingUser): Promise<void> => {
    const socket = user.socket();
    sockets.push(socket);
    await connected(socket);
  };
  const expectContentFree = (mail: OutboxEmailView, secrets: string[]) => {
    expect(mail.subject).toBe('Un message vous attend sur Passerelle');
    expect(mail.text).toContain('/connexion');
    for (const secret of secrets) {
      expect(mail.subject).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
    }
  };

  beforeAll(async () => {
    cast = await castWithKeys();
    const mine = (await cast.marie.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
    const claire = mine.find((p) => p.practitionerId === cast.clairesPractitionerId);
    if (!claire?.publicKeys) throw new Error('no keys');
    keys = claire.publicKeys;
    admin = new ApiClient();
    await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
  }, 180_000);

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  it('the offline practitioner, then the offline patient, each get one e-mail that says only that a message waits', async () => {
    const claireEmail = DEMO_ACCOUNTS.practitioner.email;
    const marieEmail = cast.marie.email;
    const [claireBefore, marieBefore] = [(await mailsTo(claireEmail)).length, (await mailsTo(marieEmail)).length];

    const thread = await openedThread(cast.marie, cast.clairesPractitionerId, keys, { text: 'Levothyrox 75 µg, renouvellement' });
    const claireMails = await mailsTo(claireEmail);
    expect(claireMails).toHaveLength(claireBefore + 1);
    // Not the sender's name, not the medicine, not the purpose.
    expectContentFree(claireMails[0], ['Levothyrox', 'Durand', 'Marie', 'renouvellement', 'Renouvellement']);
    // The patient, who sent it, is not told of her own message.
    expect(await mailsTo(marieEmail)).toHaveLength(marieBefore);

    await reply(cast.claire, thread, 'Ordonnance prête, Dr Martin');
    const marieMails = await mailsTo(marieEmail);
    expect(marieMails).toHaveLength(marieBefore + 1);
    expectContentFree(marieMails[0], ['Ordonnance', 'Martin', 'Claire', 'généraliste', 'Médecine']);
  });

  it('nobody connected by socket.io is e-mailed; the rest of the staff are never e-mailed', async () => {
    const thread = await openedThread(cast.marie, cast.clairesPractitionerId, keys, { text: 'Question' }, 'ADMINISTRATIVE');
    await Promise.all([online(cast.claire), online(cast.marie)]);
    const counts = async () => Promise.all([DEMO_ACCOUNTS.practitioner.email, cast.marie.email, DEMO_ACCOUNTS.secretary.email, DEMO_ACCOUNTS.secondPractitioner.email].map(async (e) => (await mailsTo(e)).length));
    const before = await counts();
    await reply(cast.marie, thread, 'Encore moi');
    await reply(cast.claire, thread, 'Bien reçu');
    await reply(cast.sophie, thread, 'Le secrétariat vous répond');
    await pause(300);
    expect(await counts()).toEqual(before);
  });
});
