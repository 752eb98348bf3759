import 'reflect-metadata';
import { AppConfig, validateEnvironment } from '@passerelle/api/config';
import { DatabaseConnection, openDatabase } from '@passerelle/api/database';
import { createTestDatabase, TestDatabase } from '@passerelle/api/database/testing';
import { tmpdir } from 'node:os';
import { Client } from 'pg';
import { Metrics } from './metrics';
import { ScheduledJobRunRepository } from './scheduled-job-run.repository';
import { JobContext, ScheduledJob, ScheduledJobs } from './scheduled-jobs';

jest.setTimeout(120_000);

/**
 * Two "instances" = two ScheduledJobs, each on its own connection pool
 * (application_name = its id), against one PostgreSQL database.
 */
describe('scheduled jobs across instances (PostgreSQL)', () => {
  let db: TestDatabase;
  const connections: DatabaseConnection[] = [];

  const instance = async (id: string) => {
    const url = new URL(db.url as string);
    url.searchParams.set('application_name', id);
    const connection = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir(), poolSize: 5, onIdleError: () => undefined });
    connections.push(connection);
    const config = new AppConfig(validateEnvironment({ NODE_ENV: 'test', INSTANCE_ID: id }));
    return new ScheduledJobs(new ScheduledJobRunRepository(connection.prisma), connection.driver, config, new Metrics());
  };
  const row = (job: string) => db.prisma.scheduledJobRun.findMany({ where: { job } });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    await db.destroy();
  });

  it('runs a period once, however many instances check it and how often', async () => {
    const executions: string[] = [];
    const job = (id: string): ScheduledJob => ({
      name: 'test.once',
      periodMs: 24 * 60 * 60_000,
      run: async () => {
        executions.push(id);
        await new Promise((r) => setTimeout(r, 150));
      },
    });
    const [a, b] = [await instance('instance-a'), await instance('instance-b')];
    a.register(job('instance-a'));
    b.register(job('instance-b'));
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? b : a).runDue(now)));
    expect(executions).toHaveLength(1);
    const seen = outcomes.map((o) => o['test.once']);
    expect(seen.filter((o) => o === 'ran')).toHaveLength(1);
    expect(seen.every((o) => ['ran', 'busy', 'done'].includes(o))).toBe(true);
    // Checked again later in the same period: done, not run again.
    expect(await a.runDue(now)).toEqual({ 'test.once': 'done' });
    expect(await b.runDue(now)).toEqual({ 'test.once': 'done' });
    expect(executions).toHaveLength(1);
    const [run] = await row('test.once');
    expect(run).toMatchObject({ status: 'DONE', attempts: 1, instanceId: executions[0] });
  });

  it('resumes from the checkpoint on another instance when the runner dies mid-run', async () => {
    const name = 'test.resume';
    const items = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const done: Record<string, string[]> = { a: [], b: [] };
    let reachedP2!: () => void;
    const aAtP2 = new Promise<void>((r) => (reachedP2 = r));
    let killA!: (error: Error) => void;
    const aDies = new Promise<never>((_, reject) => (killA = reject));
    const job = (who: 'a' | 'b'): ScheduledJob => ({
      name,
      periodMs: 60 * 60_000,
      run: async (context: JobContext) => {
        const start = context.checkpoint ? items.indexOf(context.checkpoint) + 1 : 0;
        for (const item of items.slice(start)) {
          done[who].push(item);
          await context.saveCheckpoint(item);
          // Instance A stops responding after p2 (it will be "killed" there).
          if (who === 'a' && item === 'p2') {
            reachedP2();
            await aDies;
          }
        }
      },
    });
    const [a, b] = [await instance('instance-resume-a'), await instance('instance-resume-b')];
    a.register(job('a'));
    b.register(job('b'));
    const now = new Date();
    const aRun = a.runDue(now).catch((error: Error) => error);
    await aAtP2;
    // While A holds the run, B skips it.
    expect(await b.runDue(now)).toEqual({ [name]: 'busy' });
    expect((await row(name))[0]).toMatchObject({ status: 'RUNNING', attempts: 1, instanceId: 'instance-resume-a', checkpoint: 'p2' });

    // A dies: PostgreSQL ends its connections, which releases its lock.
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'instance-resume-a'`);
    await admin.end();
    killA(new Error('process killed'));
    await aRun;

    expect(await b.runDue(now)).toEqual({ [name]: 'ran' });
    expect(done).toEqual({ a: ['p1', 'p2'], b: ['p3', 'p4', 'p5'] });
    expect((await row(name))[0]).toMatchObject({ status: 'DONE', attempts: 2, instanceId: 'instance-resume-b', checkpoint: 'p5' });
    expect(await a.runDue(now)).toEqual({ [name]: 'done' });
  });

  it('records a failed run and runs it again at the next check', async () => {
    let calls = 0;
    const jobs = await instance('instance-failing');
    jobs.register({
      name: 'test.failing',
      periodMs: 60 * 60_000,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('SMTP down');
      },
    });
    const now = new Date();
    expect(await jobs.runDue(now)).toEqual({ 'test.failing': 'failed' });
    expect((await row('test.failing'))[0]).toMatchObject({ status: 'RUNNING', lastError: 'SMTP down' });
    expect(await jobs.runDue(now)).toEqual({ 'test.failing': 'ran' });
    expect((await row('test.failing'))[0]).toMatchObject({ status: 'DONE', attempts: 2, lastError: null });
  });
});

describe('scheduled jobs on the embedded PGlite (one process)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(() => db.destroy());

  it('runs each period once, without any lock', async () => {
    let calls = 0;
    const jobs = new ScheduledJobs(new ScheduledJobRunRepository(db.prisma), db.driver, new AppConfig(validateEnvironment({ NODE_ENV: 'test', INSTANCE_ID: 'solo' })), new Metrics());
    jobs.register({ name: 'test.embedded', periodMs: 60_000, run: async () => void calls++ });
    const now = new Date('2026-12-02T10:00:30Z');
    expect(await jobs.runDue(now)).toEqual({ 'test.embedded': 'ran' });
    expect(await jobs.runDue(new Date('2026-12-02T10:00:59Z'))).toEqual({ 'test.embedded': 'done' });
    expect(await jobs.runDue(new Date('2026-12-02T10:01:00Z'))).toEqual({ 'test.embedded': 'ran' });
    expect(calls).toBe(2);
  });
});
