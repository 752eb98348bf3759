import 'reflect-metadata';
import { AppConfig, validateEnvironment } from '@passerelle/api/config';
import { DatabaseConnection, openDatabase } from '@passerelle/api/database';
import { createTestDatabase, TestDatabase } from '@passerelle/api/database/testing';
import { Metrics } from '@passerelle/api/platform';
import { tmpdir } from 'node:os';
import { FakeSmtpServer } from '../testing/fake-smtp-server';
import { MailDispatcher } from './mail-dispatcher';
import { OutboxMailTransport } from './mail-transports';
import { OutboxRepository } from './outbox.repository';

jest.setTimeout(120_000);

/** The e-mail outbox with SMTP: several instances' dispatchers on one PostgreSQL database. */
describe('e-mail outbox sent by SMTP from several instances', () => {
  let db: TestDatabase;
  const smtp = new FakeSmtpServer();
  let port: number;
  const connections: DatabaseConnection[] = [];
  const config = (smtpPort: number) => new AppConfig(validateEnvironment({ NODE_ENV: 'test', SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`, MAIL_RETRY_BASE_MS: '100' }));

  const dispatcher = async (smtpPort: number) => {
    const connection = await openDatabase({ databaseUrl: db.url as string, dataDir: tmpdir(), poolSize: 4 });
    connections.push(connection);
    return new MailDispatcher(new OutboxRepository(connection.prisma), config(smtpPort), new Metrics());
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await smtp.listen();
  });
  afterAll(async () => {
    for (const c of connections) await c.close();
    await smtp.close();
    await db.destroy();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    await db.prisma.outboxEmail.deleteMany({});
  });

  it('sends each e-mail exactly once when four dispatchers race, then erases its text', async () => {
    const transport = new OutboxMailTransport(new OutboxRepository(db.prisma), config(port));
    for (let i = 0; i < 30; i++) await transport.send({ to: `Personne${i}@Exemple.FR`, subject: `Message ${i}`, text: `Lien à usage unique ${i}` });
    const workers = await Promise.all([1, 2, 3, 4].map(() => dispatcher(port)));
    await Promise.all(workers.flatMap((w) => [w.sendDue(), w.sendDue()]));
    const to = smtp.received.flatMap((r) => r.to).sort();
    expect(to).toEqual(Array.from({ length: 30 }, (_, i) => `RCPT TO:<personne${i}@exemple.fr>`).sort());
    const rows = await db.prisma.outboxEmail.findMany();
    expect(rows.every((r) => r.status === 'SENT' && r.text === '' && r.attempts === 1 && r.sentAt !== null)).toBe(true);
    // Nothing for the admin's page: those e-mails were delivered.
    expect(await new OutboxRepository(db.prisma).list(100)).toEqual([]);
  });

  it('keeps an e-mail while the SMTP server is down and sends it once it is back', async () => {
    const transport = new OutboxMailTransport(new OutboxRepository(db.prisma), config(port));
    await transport.send({ to: 'regulateur@exemple.fr', subject: 'Invitation', text: 'Votre lien' });
    const down = await dispatcher(1);
    await down.sendDue();
    const [failed] = await db.prisma.outboxEmail.findMany();
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, text: 'Votre lien' });
    expect(failed.lastError).toMatch(/ECONNREFUSED|ESOCKET/);
    expect(smtp.received).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    await (await dispatcher(port)).sendDue();
    expect(smtp.received.map((r) => r.to)).toEqual([['RCPT TO:<regulateur@exemple.fr>']]);
    expect((await db.prisma.outboxEmail.findFirstOrThrow()).status).toBe('SENT');
  });

  it('without SMTP, keeps the e-mail for the admin and sends nothing', async () => {
    const noSmtp = new AppConfig(validateEnvironment({ NODE_ENV: 'test' }));
    const repository = new OutboxRepository(db.prisma);
    await new OutboxMailTransport(repository, noSmtp).send({ to: 'Admin@Exemple.fr', subject: 'Bonjour', text: 'Texte' });
    await new MailDispatcher(repository, noSmtp, new Metrics()).sendDue();
    expect(smtp.received).toEqual([]);
    expect(await repository.list(10)).toMatchObject([{ to: 'admin@exemple.fr', subject: 'Bonjour', text: 'Texte' }]);
  });
});
