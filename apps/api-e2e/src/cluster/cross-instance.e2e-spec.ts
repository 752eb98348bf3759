import { MESSAGING_ROUTES, MessageView, ThreadView } from '@passerelle/shared/contracts';
import { ApiClient, randomLoopbackAddress } from '../../../../tools/test/http-client';
import { withDatabase } from '../regulation/regulation-support';
import { Cast } from '../messaging/messaging-setup';
import { collectMessages, connected, DEMO_ACCOUNTS, MessagingUser, socketFor, waitFor } from '../messaging/messaging-user';
import { download, samplePdf, upload } from '../messaging/upload';
import { balancerUrl, eventually, Instance, instances, metricsOf, sample, via } from './support/cluster';
import { InstanceSockets, threadWithDoctor } from './support/thread-fixture';

const R = MESSAGING_ROUTES;

/**
 * Two instances, one state: whatever one instance does, the other sees —
 * live events, who is online, stored files, rate-limit counters — because
 * it lives in PostgreSQL, Redis or the shared file directory, not in an
 * instance's memory.
 */
describe('two API instances serve the same users', () => {
  let cast: Cast;
  let keys: string[];
  let thread: ThreadView;
  let send: (from: MessagingUser, text: string) => Promise<MessageView>;
  let a: Instance;
  let b: Instance;
  const sockets = new InstanceSockets();
  const open = (user: MessagingUser, instance: Instance) => sockets.to(user, instance);

  beforeAll(async () => {
    [a, b] = instances();
    ({ cast, thread, keys, send } = await threadWithDoctor('RENEWAL', 'Bonjour docteur'));
  }, 240_000);

  afterEach(() => sockets.closeAll());

  it('delivers a message posted on one instance to a socket connected to the other, both ways', async () => {
    const marieOnA = open(cast.marie, a);
    const claireOnB = open(cast.claire, b);
    await Promise.all([connected(marieOnA), connected(claireOnB)]);
    const claireGot = collectMessages(claireOnB);
    const marieGot = collectMessages(marieOnA);
    const changed: string[] = [];
    claireOnB.on('thread:changed', (t) => changed.push(t.id));

    const question = await send(via(cast.marie, a), 'Posté sur l’instance A');
    await waitFor(() => claireGot.some((m) => m.id === question.id));
    const answer = await send(via(cast.claire, b), 'Posté sur l’instance B');
    await waitFor(() => marieGot.some((m) => m.id === answer.id));

    expect((await cast.claire.read(claireGot.find((m) => m.id === question.id) as MessageView, [cast.marie.key.publicKeyArmored])).body.text).toBe('Posté sur l’instance A');
    expect(claireGot.filter((m) => m.id === question.id)).toHaveLength(1);
    expect(marieGot.filter((m) => m.id === answer.id)).toHaveLength(1);
    // Events other than messages (RealtimePublisher.send) cross instances too.
    await waitFor(() => changed.includes(thread.id));
  });

  it('knows who is online on any instance: no "message waiting" e-mail while connected elsewhere, one once offline', async () => {
    const claireEmail = cast.claire.email;
    const mailsToClaire = () => withDatabase(async (db) => Number((await db.query(`SELECT count(*) FROM "OutboxEmail" WHERE "to" = $1`, [claireEmail])).rows[0].count));
    const before = await mailsToClaire();
    const claireOnB = open(cast.claire, b);
    await connected(claireOnB);
    const got = collectMessages(claireOnB);
    const online = await send(via(cast.marie, a), 'Vous êtes connectée sur B');
    await waitFor(() => got.some((m) => m.id === online.id));
    // sendMessage asks every instance (Redis adapter) whether Claire has a socket before e-mailing her.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await mailsToClaire()).toBe(before);

    claireOnB.disconnect();
    await send(via(cast.marie, a), 'Vous êtes hors ligne');
    await eventually('the e-mail to the offline practitioner', async () => (await mailsToClaire()) === before + 1);
  });

  it('closes a logged-out session\'s connection on the other instance at once', async () => {
    const laptop = new ApiClient(a.url, { sourceIp: randomLoopbackAddress() });
    await laptop.loginAs('hugo.morel@exemple.fr', DEMO_ACCOUNTS.patient.password);
    const onB = socketFor(laptop, { url: b.url });
    await connected(onB);
    try {
      // Logged out through A: B closes the connection without waiting for its next event (Redis adapter).
      expect((await laptop.post('/api/auth/logout')).status).toBe(204);
      await waitFor(() => !onB.connected);
    } finally {
      onB.disconnect();
    }
  });

  it('stores files where every instance reads them: uploaded through A, downloaded through B', async () => {
    const encrypted = await cast.marie.encryptFileTo(keys, samplePdf('compte rendu'));
    const uploaded = await upload(via(cast.marie, a), thread.id, 'application/pdf', encrypted);
    expect(uploaded.status).toBe(201);
    const sent = await via(cast.marie, a).http.post<MessageView>(R.threadMessages(thread.id), { body: await cast.marie.encryptTo(keys, { text: 'ci-joint' }), attachmentIds: [uploaded.body.id] });
    expect(sent.status).toBe(201);
    const fetched = await download(via(cast.claire, b), uploaded.body.id);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(encrypted))).toBe(true);
    const plain = await cast.claire.readFile(fetched.bytes, [cast.marie.key.publicKeyArmored]);
    expect(new TextDecoder().decode(plain.data)).toContain('compte rendu');
  });

  it('counts credential attempts across instances: the limit of 10 a minute per address holds when they are spread over A and B', async () => {
    const sourceIp = randomLoopbackAddress();
    const attempt = (instance: Instance) =>
      new ApiClient(instance.url, { sourceIp }).post('/api/auth/login', { email: 'personne.inconnue@exemple.fr', password: 'Mauvais-mot-de-passe-1', space: 'patient' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    // Five on each instance so far: an instance counting alone would let this one through.
    const refused = await attempt(a);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await attempt(b)).status).toBe(429);
  });

  it('shows each instance’s metrics to a local scraper, never through the balancer', async () => {
    const throughBalancer = await fetch(`${balancerUrl()}/metrics`);
    expect(throughBalancer.status).toBe(404);
    const relayed = await fetch(`${b.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(relayed.status).toBe(403);

    const onB = [open(cast.marie, b), open(cast.claire, b)];
    await Promise.all(onB.map(connected));
    await send(via(cast.marie, b), 'Compté');
    const metrics = await metricsOf(b);
    expect(sample(metrics, 'passerelle_socketio_connected_sockets')).toBeGreaterThanOrEqual(2);
    // Counted by route pattern, never by raw path (it holds ids).
    expect(sample(metrics, 'passerelle_http_requests_total', { method: 'POST', route: '/api/messaging/threads/:id/messages', status: '201' })).toBeGreaterThanOrEqual(1);
    expect([...metrics.keys()].some((k) => k.includes(thread.id))).toBe(false);
    expect(sample(metrics, 'passerelle_http_request_duration_seconds_count', { route: '/api/messaging/threads/:id/messages' })).toBeGreaterThanOrEqual(1);
    expect(metrics.has('passerelle_mail_outbox_backlog')).toBe(true);
    expect(metrics.has('passerelle_sas_notification_outbox_backlog')).toBe(true);
    expect(sample(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
