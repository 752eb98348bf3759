import { MESSAGING_ROUTES, MessagingPractitionerView, MessageView, ThreadSequencer, ThreadView } from '@passerelle/shared/contracts';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { ApiInstance, freePort } from './api-instance';
import { auditCount } from './other-practice';
import { Cast, castWithKeys, openedThread } from './messaging-setup';
import { collectMessages, connected, MessagingSocket, MessagingUser, socketFor, waitFor } from './messaging-user';
import { createOtherPracticeTreating } from './other-practice';

const R = MESSAGING_ROUTES;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('realtime messaging over socket.io', () => {
  let cast: Cast;
  let clairesKeys: { practitioner: string; practice: string };
  let outsider: MessagingUser;
  const sockets: MessagingSocket[] = [];
  const open = (user: MessagingUser, options: Parameters<MessagingUser['socket']>[0] = {}) => {
    const socket = user.socket(options);
    sockets.push(socket);
    return socket;
  };

  const send = async (from: MessagingUser, thread: ThreadView, keys: string[], text: string) => {
    const response = await from.http.post<MessageView>(R.threadMessages(thread.id), { body: await from.encryptTo(keys, { text }) });
    if (response.status !== 201) throw new Error(`send failed: ${response.status} ${response.text}`);
    return response.body;
  };

  beforeAll(async () => {
    cast = await castWithKeys();
    const mine = (await cast.marie.http.get<MessagingPractitionerView[]>(R.myPractitioners)).body;
    const claire = mine.find((p) => p.practitionerId === cast.clairesPractitionerId);
    if (!claire?.publicKeys) throw new Error('no keys');
    clairesKeys = claire.publicKeys;
    const other = await createOtherPracticeTreating('marie.durand@exemple.fr');
    outsider = MessagingUser.fromClient(other.client, other.email, other.accountId);
  }, 180_000);

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  describe('handshake', () => {
    it('is refused without a session, with the second factor pending, after logout, and from another site', async () => {
      const anonymous = socketFor(new ApiClient());
      sockets.push(anonymous);
      await expect(connected(anonymous)).rejects.toThrow('Veuillez vous connecter.');

      const pending = new ApiClient();
      await pending.post('/api/auth/login', { email: DEMO_ACCOUNTS.practitioner.email, password: DEMO_ACCOUNTS.practitioner.password, space: 'pro' });
      expect(pending.cookie('passerelle_session')).toBeDefined();
      const half = socketFor(pending);
      sockets.push(half);
      await expect(connected(half)).rejects.toThrow('Veuillez vous connecter.');

      const foreign = open(cast.marie, { origin: 'https://evil.example' });
      await expect(connected(foreign)).rejects.toThrow('Veuillez vous connecter.');

      const hugo = new ApiClient();
      await hugo.loginAs('hugo.morel@exemple.fr', DEMO_ACCOUNTS.patient.password);
      const live = socketFor(hugo);
      sockets.push(live);
      await connected(live);
      await hugo.post('/api/auth/logout');
      // The logout closes the session's connection at once, without waiting for its next event.
      await waitFor(() => !live.connected);
      const again = socketFor(hugo);
      sockets.push(again);
      await expect(connected(again)).rejects.toThrow('Veuillez vous connecter.');
    });

    it('"log out everywhere" closes the other devices\' connections, and a logout only its own session\'s', async () => {
      const [phone, laptop, tablet] = [new ApiClient(), new ApiClient(), new ApiClient()];
      for (const device of [phone, laptop, tablet]) await device.loginAs('hugo.morel@exemple.fr', DEMO_ACCOUNTS.patient.password);
      const [onPhone, onLaptop, onTablet] = [socketFor(phone), socketFor(laptop), socketFor(tablet)];
      sockets.push(onPhone, onLaptop, onTablet);
      await Promise.all([onPhone, onLaptop, onTablet].map(connected));
      // The tablet logs out: its connection closes, the others stay and still answer.
      expect((await tablet.post('/api/auth/logout')).status).toBe(204);
      await waitFor(() => !onTablet.connected);
      await pause(300);
      expect([onPhone.connected, onLaptop.connected]).toEqual([true, true]);
      expect(await onLaptop.timeout(5_000).emitWithAck('sync', { threads: {} })).toMatchObject({ ok: true });
      // "Log out everywhere" from the phone: every connection of the account closes, the phone's too.
      expect((await phone.post('/api/auth/logout-everywhere')).status).toBe(204);
      await waitFor(() => !onPhone.connected && !onLaptop.connected);
      const back = socketFor(laptop);
      sockets.push(back);
      await expect(connected(back)).rejects.toThrow('Veuillez vous connecter.');
    });
  });

  describe('live events reach the thread’s people only', () => {
    it('new message, thread change, read receipt and typing; nothing for another patient or another practice', async () => {
      const [claireSocket, marieSocket, jeanneSocket, outsiderSocket] = [open(cast.claire), open(cast.marie), open(cast.jeanne), open(outsider)];
      await Promise.all([claireSocket, marieSocket, jeanneSocket, outsiderSocket].map(connected));
      const claireGot = collectMessages(claireSocket);
      const jeanneGot = collectMessages(jeanneSocket);
      const outsiderGot = collectMessages(outsiderSocket);
      const changes: string[] = [];
      claireSocket.on('thread:changed', (t) => changes.push(t.id));
      const foreignChanges: string[] = [];
      jeanneSocket.on('thread:changed', (t) => foreignChanges.push(t.id));
      outsiderSocket.on('thread:changed', (t) => foreignChanges.push(t.id));

      const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'En direct' });
      const live = await waitFor(() => claireGot.find((m) => m.threadId === thread.id));
      expect(live).toMatchObject({ seq: 1, senderAccountId: cast.marie.accountId });
      expect((await cast.claire.read(live, [cast.marie.key.publicKeyArmored])).body.text).toBe('En direct');
      await waitFor(() => changes.includes(thread.id));

      const receipts: { accountId: string; lastReadSeq: number }[] = [];
      marieSocket.on('receipt:read', (r) => receipts.push(r));
      await cast.claire.http.post(R.threadRead(thread.id), { seq: 1 });
      expect(await waitFor(() => receipts.find((r) => r.accountId === cast.claire.accountId))).toMatchObject({ lastReadSeq: 1 });

      const typing: string[] = [];
      marieSocket.on('typing', (t) => typing.push(t.accountId));
      expect(await claireSocket.timeout(5_000).emitWithAck('typing', { threadId: thread.id })).toEqual({ ok: true });
      await waitFor(() => typing.includes(cast.claire.accountId));

      // The wrong user's socket events are refused and deliver nothing.
      for (const intruder of [jeanneSocket, outsiderSocket]) {
        expect(await intruder.timeout(5_000).emitWithAck('typing', { threadId: thread.id })).toEqual({ ok: false, error: "Vous n'avez pas accès à cette conversation." });
        expect(await intruder.timeout(5_000).emitWithAck('sync', { threads: { [thread.id]: 0 } })).toEqual({ ok: true, messages: [] });
        expect(await intruder.timeout(5_000).emitWithAck('sync', { threads: {}, since: '2000-01-01T00:00:00Z' })).toMatchObject({ ok: true });
        const replay = await intruder.timeout(5_000).emitWithAck('sync', { threads: {}, since: '2000-01-01T00:00:00Z' });
        expect(replay.messages.map((m: MessageView) => m.threadId)).not.toContain(thread.id);
      }
      expect(await jeanneSocket.timeout(5_000).emitWithAck('typing', { threadId: 'pas-un-uuid' })).toEqual({ ok: false, error: 'Conversation invalide.' });
      expect(await jeanneSocket.timeout(5_000).emitWithAck('sync', { threads: { x: 'y' } } as never)).toMatchObject({ ok: false, error: 'Demande de synchronisation invalide.' });
      await pause(300);
      expect(typing).not.toContain(cast.jeanne.accountId);
      expect(jeanneGot.map((m) => m.threadId)).not.toContain(thread.id);
      expect(outsiderGot.map((m) => m.threadId)).not.toContain(thread.id);
      expect(foreignChanges).not.toContain(thread.id);
    });
  });

  describe('sending over the socket (message:send)', () => {
    it('works like POST …/messages: stored with the next sequence number, pushed to the thread’s people only, audited', async () => {
      const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Avant la socket' });
      const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
      const [marieSocket, claireSocket, outsiderSocket] = [open(cast.marie), open(cast.claire), open(outsider)];
      await Promise.all([marieSocket, claireSocket, outsiderSocket].map(connected));
      const claireGot = collectMessages(claireSocket);
      const outsiderGot = collectMessages(outsiderSocket);
      const audited = await auditCount({ action: 'messaging.thread.message', result: 'SUCCESS', actor: cast.marie.accountId });

      const result = await marieSocket.timeout(10_000).emitWithAck('message:send', { threadId: thread.id, body: await cast.marie.encryptTo(keys, { text: 'Par la socket' }) });
      expect(result).toMatchObject({ ok: true, message: { threadId: thread.id, seq: 2, senderAccountId: cast.marie.accountId, kind: 'TEXT' } });
      const live = await waitFor(() => claireGot.find((m) => m.threadId === thread.id && m.seq === 2));
      expect(live.id).toBe(result.message?.id);
      expect((await cast.claire.read(live, [cast.marie.key.publicKeyArmored])).body.text).toBe('Par la socket');
      const stored = (await cast.claire.http.get<ThreadView>(R.thread(thread.id))).body;
      expect(stored.messages.map((m) => m.seq)).toEqual([1, 2]);
      expect(await auditCount({ action: 'messaging.thread.message', result: 'SUCCESS', actor: cast.marie.accountId })).toBe(audited + 1);
      await pause(300);
      expect(outsiderGot.map((m) => m.threadId)).not.toContain(thread.id);
    });

    it('refuses what the HTTP route refuses, in French, and stores and delivers none of it; refusals audited', async () => {
      const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Refus par la socket' });
      const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
      const admin = await MessagingUser.demo(DEMO_ACCOUNTS.admin);
      const [marieSocket, claireSocket, outsiderSocket, adminSocket] = [open(cast.marie), open(cast.claire), open(outsider), open(admin)];
      await Promise.all([marieSocket, claireSocket, outsiderSocket, adminSocket].map(connected));
      const claireGot = collectMessages(claireSocket);
      const ciphertext = await cast.marie.encryptTo(keys, { text: 'Chiffré' });
      const sendAs = (socket: MessagingSocket, request: object) => socket.timeout(10_000).emitWithAck('message:send', request as never);

      // Another practice's doctor who also treats Marie: no access to this practice's thread.
      expect(await sendAs(outsiderSocket, { threadId: thread.id, body: ciphertext })).toEqual({ ok: false, error: "Vous n'avez pas accès à cette conversation." });
      expect(await auditCount({ action: 'messaging.thread.message', result: 'DENIED', actor: outsider.accountId })).toBeGreaterThan(0);
      // A role that takes no part in messaging.
      expect(await sendAs(adminSocket, { threadId: thread.id, body: ciphertext })).toEqual({ ok: false, error: "Votre profil ne permet pas d'accéder à cette fonction." });
      expect(await auditCount({ action: 'access.role-refused', result: 'DENIED', actor: admin.accountId })).toBeGreaterThan(0);
      // Malformed requests.
      expect(await sendAs(marieSocket, { threadId: 'pas-un-uuid', body: ciphertext })).toEqual({ ok: false, error: 'Identifiant de conversation invalide.' });
      expect(await sendAs(marieSocket, { threadId: thread.id })).toEqual({ ok: false, error: 'Le message chiffré est manquant ou trop long.' });
      expect(await sendAs(marieSocket, { threadId: thread.id, body: ciphertext, signature: 'x' })).toEqual({ ok: false, error: 'Champ inconnu : retirez-le de la requête.' });
      expect(await sendAs(marieSocket, { threadId: thread.id, body: ciphertext, attachmentIds: ['pas-un-uuid'] })).toEqual({ ok: false, error: 'Identifiant de pièce jointe invalide.' });
      // What the server cannot read must be encrypted to exactly the patient, the practitioner and the practice.
      expect(await sendAs(marieSocket, { threadId: thread.id, body: 'Bonjour en clair' })).toEqual({
        ok: false,
        error: 'Le contenu doit être un message chiffré OpenPGP pour le patient, le praticien et le cabinet : il a été refusé.',
      });
      expect(await sendAs(marieSocket, { threadId: thread.id, body: await cast.marie.encryptTo(keys.slice(1), { text: 'Sans le patient' }) })).toEqual({
        ok: false,
        error: "Le contenu n'est pas chiffré exactement pour le patient, le praticien et le cabinet : il a été refusé.",
      });
      await pause(300);
      expect(claireGot.filter((m) => m.threadId === thread.id)).toEqual([]);
      expect((await cast.claire.http.get<ThreadView>(R.thread(thread.id))).body.messages.map((m) => m.seq)).toEqual([1]);
    });

    it('counts each account’s events on their own: the 601st in a minute is refused and audited, others are not held back', async () => {
      // A fresh account of its own: it stays blocked for a minute.
      const other = await createOtherPracticeTreating('marie.durand@exemple.fr');
      const busy = MessagingUser.fromClient(other.client, other.email, other.accountId);
      const [busySocket, marieSocket] = [open(busy), open(cast.marie)];
      await Promise.all([busySocket, marieSocket].map(connected));
      const unknownThread = { threadId: '00000000-0000-4000-8000-000000000000' };
      const answers: { ok: boolean; error?: string }[] = [];
      for (let batch = 0; batch < 12; batch++) {
        answers.push(...(await Promise.all(Array.from({ length: 50 }, () => busySocket.timeout(20_000).emitWithAck('typing', unknownThread)))));
      }
      expect(answers.every((a) => a.error === 'Conversation introuvable.')).toBe(true);
      expect(await busySocket.timeout(10_000).emitWithAck('typing', unknownThread)).toMatchObject({ ok: false, error: expect.stringMatching(/^Trop de tentatives\. Réessayez dans /) });
      expect(await auditCount({ action: 'access.throttled', result: 'DENIED', actor: busy.accountId })).toBe(1);
      // Another account's events, on the same server, pass.
      expect(await marieSocket.timeout(10_000).emitWithAck('typing', unknownThread)).toEqual({ ok: false, error: 'Conversation introuvable.' });
    }, 120_000);
  });

  describe('catch-up: no message lost, none duplicated, order kept', () => {
    it('after a forced disconnect, with messages sent meanwhile and while catching up', async () => {
      const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Début' }, 'DOCUMENT');
      const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
      const sequencer = new ThreadSequencer();
      const shown: number[] = [];
      const deliver = (m: MessageView) => sequencer.accept(m).forEach((d) => shown.push(d.seq));

      const first = open(cast.claire);
      first.on('message:new', (m, ack) => {
        deliver(m);
        ack({ ok: true });
      });
      await connected(first);
      const sync = async (socket: MessagingSocket) => (await socket.timeout(10_000).emitWithAck('sync', { threads: sequencer.positions() })).messages.forEach(deliver);
      // The thread was opened before this socket: sync fetches seq 1.
      sequencer.accept({ ...thread.messages[0] }).forEach((d) => shown.push(d.seq));
      await send(cast.marie, thread, keys, 'deux');
      await waitFor(() => shown.includes(2));

      first.disconnect(); // forced: the network drops
      for (let i = 3; i <= 7; i++) await send(cast.marie, thread, keys, `message ${i}`);

      const second = open(cast.claire);
      second.on('message:new', (m, ack) => {
        deliver(m);
        ack({ ok: true });
      });
      await connected(second);
      // Messages keep coming while the client catches up: live and replay overlap.
      const during = (async () => {
        for (let i = 8; i <= 12; i++) await send(cast.marie, thread, keys, `message ${i}`);
      })();
      await sync(second);
      await during;
      await sync(second);
      await waitFor(() => shown.length === 12);
      expect(shown).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(sequencer.hasGap(thread.id)).toBe(false);
    });

    it('after an API restart, with messages sent meanwhile through another instance', async () => {
      const instance = new ApiInstance(await freePort());
      await instance.start();
      try {
        const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Avant redémarrage' }, 'DOCUMENT');
        const keys = MessagingUser.recipientKeys(await cast.marie.recipients(thread.id));
        const sequencer = new ThreadSequencer({ [thread.id]: 1 });
        const shown: number[] = [1];
        const deliver = (m: MessageView) => sequencer.accept(m).forEach((d) => shown.push(d.seq));

        const before = open(cast.claire, { url: instance.url });
        collectMessages(before);
        await connected(before);
        const disconnected = new Promise<void>((r) => before.once('disconnect', () => r()));
        await instance.stop();
        await disconnected;

        // Meanwhile, the patient keeps writing through the instance that stayed up.
        for (let i = 2; i <= 6; i++) await send(cast.marie, thread, keys, `pendant ${i}`);

        await instance.start();
        const after = open(cast.claire, { url: instance.url });
        after.on('message:new', (m, ack) => {
          deliver(m);
          ack({ ok: true });
        });
        await connected(after);
        const result = await after.timeout(10_000).emitWithAck('sync', { threads: sequencer.positions() });
        expect(result.ok).toBe(true);
        result.messages.forEach(deliver);
        expect(shown).toEqual([1, 2, 3, 4, 5, 6]);
        const texts = await Promise.all(result.messages.map(async (m: MessageView) => (await cast.claire.read(m, [cast.marie.key.publicKeyArmored])).body.text));
        expect(texts).toEqual(['pendant 2', 'pendant 3', 'pendant 4', 'pendant 5', 'pendant 6']);
        // A second sync finds nothing more: no duplicate.
        expect((await after.timeout(10_000).emitWithAck('sync', { threads: sequencer.positions() })).messages).toEqual([]);
      } finally {
        for (const socket of sockets.splice(0)) socket.disconnect();
        await instance.stop();
      }
    }, 120_000);

    it('an unknown thread created while away comes in full with `since`', async () => {
      const since = new Date(Date.now() - 1_000).toISOString();
      const thread = await openedThread(cast.marie, cast.clairesPractitionerId, clairesKeys, { text: 'Nouveau fil' }, 'ADMINISTRATIVE');
      const socket = open(cast.claire);
      await connected(socket);
      const result = await socket.timeout(10_000).emitWithAck('sync', { threads: {}, since });
      expect(result.messages.filter((m: MessageView) => m.threadId === thread.id).map((m: MessageView) => m.seq)).toEqual([1]);
    });
  });
});
