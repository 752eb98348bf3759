import { MessageView, ThreadView } from '@passerelle/shared/contracts';
import { ApiClient, randomLoopbackAddress } from '../../../../tools/test/http-client';
import { Cast } from '../messaging/messaging-setup';
import { collectMessages, connected, MessagingUser } from '../messaging/messaging-user';
import { eventually, Instance, instances, killRedis, startRedis, via } from './support/cluster';
import { InstanceSockets, threadWithDoctor } from './support/thread-fixture';

/**
 * Redis is what the instances share for live events and rate limits; it is
 * not where anything durable lives. When it goes away, every instance keeps
 * serving: messages are stored and reach the sockets of the instance that
 * took them, the others catch up with `sync`, rate limits are counted per
 * instance; when it comes back, everything is shared again by itself.
 */
describe('Redis outage', () => {
  let cast: Cast;
  let thread: ThreadView;
  let send: (from: MessagingUser, text: string) => Promise<MessageView>;
  let a: Instance;
  let b: Instance;
  const sockets = new InstanceSockets();
  const open = (user: MessagingUser, instance: Instance) => sockets.to(user, instance);

  beforeAll(async () => {
    [a, b] = instances();
    ({ cast, thread, send } = await threadWithDoctor('DOCUMENT', 'Avant la panne'));
  }, 240_000);

  afterAll(async () => {
    sockets.closeAll();
    await startRedis();
  });

  it('keeps both instances serving while Redis is down, and shares again once it is back', async () => {
    const claireOnA = open(cast.claire, a);
    const claireOnB = open(cast.claire, b);
    await Promise.all([connected(claireOnA), connected(claireOnB)]);
    const gotOnA = collectMessages(claireOnA);
    const gotOnB = collectMessages(claireOnB);

    await killRedis();
    // Stored, and pushed to the sockets of the instance that took it; not relayed to B.
    const during = await send(via(cast.marie, a), 'Pendant la panne');
    await eventually('the push on A', async () => gotOnA.some((m) => m.id === during.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(gotOnB.some((m) => m.id === during.id)).toBe(false);
    // What B's socket missed, it gets with `sync` (as the web app does on every gap or reconnection).
    const synced = await claireOnB.timeout(5_000).emitWithAck('sync', { threads: { [thread.id]: during.seq - 1 } });
    expect(synced.ok).toBe(true);
    expect(synced.messages.map((m: MessageView) => m.id)).toEqual([during.id]);

    // Rate limits still hold, counted by each instance on its own: 10 attempts on each pass, the 11th on A does not.
    const sourceIp = randomLoopbackAddress();
    const attempt = (instance: Instance) =>
      new ApiClient(instance.url, { sourceIp }).post('/api/auth/login', { email: 'panne.redis@exemple.fr', password: 'Mauvais-mot-de-passe-1', space: 'patient' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual(Array(20).fill(401));
    expect((await attempt(a)).status).toBe(429);

    await startRedis();
    // Back: events cross instances again (the connections come back by themselves).
    await eventually(
      'cross-instance delivery to resume',
      async () => {
        const after = await send(via(cast.marie, a), 'Après la panne');
        await new Promise((r) => setTimeout(r, 300));
        return gotOnB.some((m) => m.id === after.id);
      },
      30_000,
      500,
    );
    // And the limits are shared again: this address's first attempt on B after the outage is counted in Redis with A's.
    const shared = randomLoopbackAddress();
    const tries: number[] = [];
    for (let i = 0; i < 11; i++) tries.push((await new ApiClient(i % 2 === 0 ? a.url : b.url, { sourceIp: shared }).post('/api/auth/login', { email: 'panne.redis@exemple.fr', password: 'Mauvais-mot-de-passe-1', space: 'patient' })).status);
    expect(tries).toEqual([...Array(10).fill(401), 429]);
  });
});
