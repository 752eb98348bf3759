import { MESSAGING_ROUTES, MessageView, MessagingPractitionerView, ThreadPurpose, ThreadView } from '@passerelle/shared/contracts';
import { castWithKeys, Cast, openedThread } from '../../messaging/messaging-setup';
import { MessagingSocket, MessagingUser, socketFor } from '../../messaging/messaging-user';
import { Instance } from './cluster';

const R = MESSAGING_ROUTES;

export interface ThreadFixture {
  cast: Cast;
  thread: ThreadView;
  /** The thread's recipients' public keys (patient, practitioner, practice). */
  keys: string[];
  /** Encrypts `text` to the thread's recipients and posts it through `from`'s client (balancer or instance); throws unless 201. */
  send(from: MessagingUser, text: string): Promise<MessageView>;
}

/** The demo cast signed in with their keys, and a new thread of Marie Durand with Dr Martin. */
export async function threadWithDoctor(purpose: ThreadPurpose, firstText: string): Promise<ThreadFixture> {
  const cast = await castWithKeys();
  const mine = (await cast.marie.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
  const claire = mine.find((p) => p.practitionerId === cast.clairesPractitionerId);
  if (!claire?.publicKeys) throw new Error('no keys for Dr Martin');
  const thread = await openedThread(cast.marie, cast.clairesPractitionerId, claire.publicKeys, { text: firstText }, purpose);
  const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
  const send = async (from: MessagingUser, text: string): Promise<MessageView> => {
    const response = await from.http.post<MessageView>(R.threadMessages(thread.id), { body: await from.encryptTo(keys, { text }) });
    if (response.status !== 201) throw new Error(`send failed: ${response.status} ${response.text}`);
    return response.body;
  };
  return { cast, thread, keys, send };
}

/** Sockets straight to one instance, all closed by closeAll(). */
export class InstanceSockets {
  private readonly open: MessagingSocket[] = [];

  to(user: MessagingUser, instance: Instance): MessagingSocket {
    const socket = socketFor(user.http, { url: instance.url });
    this.open.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.open.splice(0)) socket.disconnect();
  }
}
