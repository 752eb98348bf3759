import { io } from 'socket.io-client';
import { MESSAGING_ROUTES, MessageView, REALTIME_PATH, ThreadSequencer, ThreadView } from '@passerelle/shared/contracts';
import { Cast } from '../messaging/messaging-setup';
import { MessagingSocket, MessagingUser } from '../messaging/messaging-user';
import { download, samplePdf, upload } from '../messaging/upload';
import { withDatabase } from '../regulation/regulation-support';
import { balancerUrl, eventually, Instance, instances, killInstance, metricsOf, sample, startInstance, via } from './support/cluster';
import { threadWithDoctor } from './support/thread-fixture';

const R = MESSAGING_ROUTES;

/**
 * A browser tab as the web app runs it (libs/web/messaging MessagingRealtime):
 * one WebSocket through the balancer, reconnecting by itself; on every
 * (re)connection it asks `sync` for what it missed; the ThreadSequencer
 * delivers each message once, in order.
 */
class Tab {
  readonly delivered: MessageView[] = [];
  readonly disconnects: string[] = [];
  connects = 0;
  private readonly sequencer: ThreadSequencer;
  readonly socket: MessagingSocket;

  constructor(readonly user: MessagingUser, known: Record<string, number>) {
    this.sequencer = new ThreadSequencer(known);
    const cookie = [...user.http.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    this.socket = io(balancerUrl(), { path: REALTIME_PATH, transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
    this.socket.on('connect', () => {
      this.connects++;
      this.sync();
    });
    this.socket.on('disconnect', (reason) => this.disconnects.push(reason));
    this.socket.on('message:new', (message, ack) => {
      ack({ ok: true });
      this.deliver(message);
      if (this.sequencer.hasGap(message.threadId)) this.sync();
    });
  }

  private deliver(message: MessageView): void {
    this.delivered.push(...this.sequencer.accept(message));
  }

  private sync(): void {
    this.socket.emit('sync', { threads: this.sequencer.positions() }, (result) => {
      if (result.ok) result.messages.forEach((m) => this.deliver(m));
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/**
 * An instance dies (SIGKILL) or leaves (SIGTERM) while people are writing:
 * their tabs reconnect through the balancer to the survivor and catch up;
 * nothing is lost, nothing is delivered or stored twice.
 */
describe('failover between instances', () => {
  let cast: Cast;
  let keys: string[];
  let thread: ThreadView;
  let a: Instance;
  let b: Instance;
  const tabs: Tab[] = [];
  /** seq of the last message this test knows was stored. */
  let lastSeq = 0;

  /**
   * Sends one message through the balancer. An answer lost with its
   * instance (502, reset) leaves it unknown whether the message was stored:
   * the sender looks at the thread (as the web app reloads it) and only
   * sends again if it was not.
   */
  const sendOnce = async (from: MessagingUser, text: string): Promise<MessageView> => {
    const body = await from.encryptTo(keys, { text });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await from.http.post<MessageView>(R.threadMessages(thread.id), { body }).catch(() => null);
      if (response?.status === 201) return response.body;
      if (response && response.status < 500) throw new Error(`send refused: ${response.status} ${response.text}`);
      const stored = (await from.http.get<ThreadView & { messages: MessageView[] }>(R.thread(thread.id))).body.messages.find((m) => m.seq > lastSeq && m.senderAccountId === from.accountId);
      if (stored) return stored;
    }
    throw new Error('message not stored after 5 attempts');
  };

  const openTabs = async (count: number): Promise<Tab[]> => {
    const opened: Tab[] = [];
    for (let i = 0; i < count; i++) {
      const tab = new Tab(i % 2 === 0 ? cast.marie : cast.claire, { [thread.id]: lastSeq });
      tabs.push(tab);
      opened.push(tab);
      // One after the other: nginx's round robin alternates them between the instances.
      await eventually('the tab to connect', async () => tab.connects > 0, 10_000, 20);
    }
    return opened;
  };

  const socketsOn = async (instance: Instance) => sample(await metricsOf(instance), 'passerelle_socketio_connected_sockets');

  const expectEveryTabToHaveAll = async (opened: Tab[], from: number, to: number) => {
    const expected = Array.from({ length: to - from }, (_, i) => from + i + 1);
    await eventually('every tab to catch up', async () => opened.every((t) => t.delivered.length >= expected.length), 30_000);
    for (const tab of opened) {
      expect(tab.delivered.map((m) => m.seq)).toEqual(expected);
      expect(new Set(tab.delivered.map((m) => m.id)).size).toBe(expected.length);
    }
    const stored = await withDatabase(async (db) => (await db.query<{ seq: number }>('SELECT seq FROM "Message" WHERE "threadId" = $1 AND seq > $2 ORDER BY seq', [thread.id, from])).rows.map((r) => r.seq));
    expect(stored).toEqual(expected);
  };

  beforeAll(async () => {
    [a, b] = instances();
    ({ cast, thread, keys } = await threadWithDoctor('ADMINISTRATIVE', 'Suivi'));
    lastSeq = 1;
  }, 240_000);

  afterEach(async () => {
    for (const tab of tabs.splice(0)) tab.close();
    for (const instance of [a, b]) await startInstance(instance.id);
    // nginx tries an instance that failed again after its fail_timeout (2 s, tools/cluster/cluster-stack.mjs).
    await new Promise((r) => setTimeout(r, 2_500));
  });

  it('SIGKILL: every tab reconnects to the survivor and catches up; zero lost, zero duplicated', async () => {
    const opened = await openTabs(6);
    expect(await socketsOn(a)).toBeGreaterThan(0);
    expect(await socketsOn(b)).toBeGreaterThan(0);
    const from = lastSeq;
    for (let i = 1; i <= 40; i++) {
      if (i === 15) expect(await killInstance(b.id, 'SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
      const message = await sendOnce(i % 2 ? cast.marie : cast.claire, `Message ${i}`);
      lastSeq = message.seq;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(lastSeq).toBe(from + 40);
    await expectEveryTabToHaveAll(opened, from, lastSeq);
    // The tabs that were on B lost their connection and came back on A.
    expect(opened.some((t) => t.disconnects.includes('transport close') && t.connects >= 2)).toBe(true);
    expect(opened.every((t) => t.socket.connected)).toBe(true);
    expect(await socketsOn(a)).toBeGreaterThanOrEqual(opened.length);
  });

  it('SIGTERM: the leaving instance finishes its in-flight upload, sends its tabs elsewhere and exits cleanly', async () => {
    const opened = await openTabs(4);
    const onB = await socketsOn(b);
    expect(onB).toBeGreaterThan(0);

    // A slow upload straight to B: 10 chunks, 150 ms apart.
    const encrypted = await cast.marie.encryptFileTo(keys, samplePdf(`examen ${'x'.repeat(200_000)}`));
    const chunk = Math.ceil(encrypted.length / 10);
    let firstChunkSent!: () => void;
    const started = new Promise<void>((r) => (firstChunkSent = r));
    async function* slowly(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < encrypted.length; i += chunk) {
        yield encrypted.subarray(i, i + chunk);
        if (i === 0) firstChunkSent();
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    const uploading = upload(via(cast.marie, b), thread.id, 'application/pdf', slowly());
    await started;
    const leaving = killInstance(b.id, 'SIGTERM');
    const uploaded = await uploading;
    expect(uploaded.status).toBe(201);
    expect(await leaving).toEqual(expect.objectContaining({ code: 0, signal: null }));

    // Its tabs were told to go (transport closed, not a socket.io "disconnect") and came back through the balancer.
    await eventually('the tabs to reconnect', async () => opened.every((t) => t.socket.connected), 15_000);
    const moved = opened.filter((t) => t.disconnects.length > 0);
    expect(moved.length).toBe(onB);
    expect(moved.every((t) => t.disconnects.every((reason) => reason === 'transport close') && t.connects === 2)).toBe(true);

    const from = lastSeq;
    const sent = await sendOnce(cast.marie, 'Après le départ de B');
    lastSeq = sent.seq;
    await expectEveryTabToHaveAll(opened, from, lastSeq);
    // The file written during the drain is there for the instance that stayed (its uploader may fetch it before sending).
    const mineOnA = await download(via(cast.marie, a), uploaded.body.id);
    expect(mineOnA.status).toBe(200);
    expect(Buffer.from(mineOnA.bytes).equals(Buffer.from(encrypted))).toBe(true);
  });
});
