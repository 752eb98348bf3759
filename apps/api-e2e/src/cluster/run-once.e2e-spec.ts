import { createServer, IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FakeSmtpServer } from '@passerelle/api/mail/testing';
import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../../tools/test/demo-accounts';
import { createPractitioner } from '../sas/sas-support';
import { eventually, Instance, instances, killInstance, metricsOf, sample, startInstance } from './support/cluster';

/** The jobs of the scheduler (libs/api/agenda, libs/api/regulation), as registered by the API. */
const JOBS = ['agenda.next-free-slots', 'agenda.public-holidays', 'regulation.unattached-attachments-purge'];
const HOLIDAYS = 'agenda.public-holidays';

interface JobRunRow {
  job: string;
  slot: Date;
  status: string;
  attempts: number;
  instanceId: string;
  checkpoint: string | null;
  startedAt: Date;
}

/**
 * Work that must happen once, whichever instances are up: the scheduled
 * jobs (both instances check them every 200 ms here), the INT_R03
 * notifications to the SAS platform and the e-mails (both instances poll
 * their outboxes) — and an instance killed in the middle of a job is
 * taken over by the other.
 */
describe('work that must run once across the cluster', () => {
  let db: Client;
  let cluster: Instance[];
  const runs = async (job: string): Promise<JobRunRow[]> => (await db.query<JobRunRow>('SELECT * FROM "ScheduledJobRun" WHERE job = $1 ORDER BY slot', [job])).rows;
  const outcomes = async (instance: Instance, job: string) => {
    const metrics = await metricsOf(instance);
    const count = (outcome: string) => sample(metrics, 'passerelle_scheduled_job_runs_total', { job, outcome });
    return { ran: count('ran'), busy: count('busy'), done: count('done') };
  };

  beforeAll(async () => {
    cluster = instances();
    db = new Client({ connectionString: process.env['PASSERELLE_E2E_DATABASE_URL'] });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('runs each scheduled job once per period while both instances keep checking', async () => {
    // Every job's current period has already run since start-up; forget those runs, as if a new period began.
    const startedAt = new Date();
    const before = await Promise.all(cluster.map((i) => Promise.all(JOBS.map((job) => outcomes(i, job)))));
    await db.query('DELETE FROM "ScheduledJobRun"');
    await eventually('every job to have run again', async () => {
      const { rows } = await db.query<{ done: number }>(`SELECT count(*)::int AS done FROM "ScheduledJobRun" WHERE status = 'DONE' AND job = ANY($1)`, [JOBS]);
      return rows[0].done >= JOBS.length;
    });
    // Let both instances check a few more times (every 200 ms).
    await new Promise((r) => setTimeout(r, 2_000));
    const after = await Promise.all(cluster.map((i) => Promise.all(JOBS.map((job) => outcomes(i, job)))));

    for (const [j, job] of JOBS.entries()) {
      const periods = (await runs(job)).filter((r) => r.startedAt >= startedAt);
      expect(periods.length).toBeGreaterThanOrEqual(1);
      // One execution per period (a crash would show as attempts 2), and one "ran" across the two instances per period.
      expect(periods.map((p) => [p.status, p.attempts])).toEqual(periods.map(() => ['DONE', 1]));
      const ran = cluster.reduce((sum, _, i) => sum + after[i][j].ran - before[i][j].ran, 0);
      expect(ran).toBe(periods.length);
      // Both instances were checking: each found the period done (or busy) many times.
      for (const [i] of cluster.entries()) {
        expect(after[i][j].busy + after[i][j].done - before[i][j].busy - before[i][j].done).toBeGreaterThan(3);
      }
    }
  });

  it('finishes the daily job on the other instance when the one running it is killed mid-run', async () => {
    // Agendas for the daily public-holiday job (it inserts them 100 at a time and records its progress after each batch).
    const suffix = randomUUID().slice(0, 8);
    await db.query('BEGIN');
    await db.query(`INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement) VALUES (gen_random_uuid(), $1, '1 rue', '67000', 'Strasbourg', '67')`, [`Cabinet ${suffix}`]);
    await db.query(
      `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "updatedAt")
       SELECT gen_random_uuid(), 'jobs-' || $1 || '-' || n || '@passerelle.test', 'PRO', 'PRACTITIONER', 'ACTIVE', 'Dr ' || n, now() FROM generate_series(1, 3000) n`,
      [suffix],
    );
    await db.query(
      `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel", "addressLine", postcode, commune, departement, "updatedAt")
       SELECT gen_random_uuid(), a.id, (SELECT id FROM "Practice" WHERE name = $2), lpad((70000000000 + row_number() OVER ())::text, 11, '0'), 'Test', a."displayName", 'Médecin', 'SM54', 'Médecine générale', '1 rue', '67000', 'Strasbourg', '67', now()
         FROM "Account" a WHERE a.email LIKE 'jobs-' || $1 || '-%'`,
      [suffix, `Cabinet ${suffix}`],
    );
    await db.query('COMMIT');
    // Holds the job part-way, whatever the machine's speed: an uncommitted New Year's Day of an agenda
    // in the middle of the id order, which the job's insert of that agenda's holidays must wait for.
    const blocker = new Client({ connectionString: process.env['PASSERELLE_E2E_DATABASE_URL'] });
    await blocker.connect();
    let victim: Instance;
    let survivor: Instance;
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO "AgendaBlock" (id, "practitionerId", kind, label, "startsAt", "endsAt")
         SELECT gen_random_uuid(), p.id, 'PUBLIC_HOLIDAY', 'Jour de l''an',
                (extract(year FROM now() AT TIME ZONE 'Europe/Paris')::int || '-01-01')::timestamp AT TIME ZONE 'Europe/Paris',
                (extract(year FROM now() AT TIME ZONE 'Europe/Paris')::int || '-01-02')::timestamp AT TIME ZONE 'Europe/Paris'
           FROM (SELECT id FROM "Practitioner" ORDER BY id OFFSET (SELECT count(*) / 2 FROM "Practitioner") LIMIT 1) p`,
      );
      // A new day for the daily job.
      await db.query('DELETE FROM "ScheduledJobRun" WHERE job = $1', [HOLIDAYS]);

      const running = await eventually('an instance to be part-way through the daily job', async () => {
        const [run] = await runs(HOLIDAYS);
        return run?.status === 'RUNNING' && run.checkpoint !== null ? run : null;
      }, 60_000, 20);
      victim = cluster.find((i) => i.id === running.instanceId) as Instance;
      survivor = cluster.find((i) => i !== victim) as Instance;
      expect(await killInstance(victim.id, 'SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    } finally {
      // The survivor's insert may go on (and skip that day, already there).
      await blocker.query('COMMIT').catch(() => undefined);
      await blocker.end();
    }

    const finished = await eventually('the other instance to finish the job', async () => {
      const [run] = await runs(HOLIDAYS);
      return run?.status === 'DONE' ? run : null;
    }, 120_000, 200);
    expect(finished).toMatchObject({ attempts: 2, instanceId: survivor.id });
    // Every agenda got its public holidays, those before the kill and those after.
    const { rows } = await db.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM "Practitioner" p
        WHERE NOT EXISTS (SELECT 1 FROM "AgendaBlock" b WHERE b."practitionerId" = p.id AND b.kind = 'PUBLIC_HOLIDAY')`,
    );
    expect(rows[0].missing).toBe(0);
    await startInstance(victim.id);
  });

  describe('outboxes polled by both instances', () => {
    const platformRequests: { method: string; appointmentId: string }[] = [];
    let platform: Server;
    const smtp = new FakeSmtpServer();

    beforeAll(async () => {
      platform = createServer((req: IncomingMessage, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          const body = JSON.parse(text) as { identifier: { value: string }[] };
          platformRequests.push({ method: req.method ?? '', appointmentId: body.identifier[0].value });
          // A slow platform: both instances' workers have claims in flight at once.
          setTimeout(() => {
            res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/fhir+json' });
            res.end(JSON.stringify({ resourceType: 'Appointment', id: randomUUID() }));
          }, 30);
        });
      });
      await new Promise<void>((r) => platform.listen(Number(process.env['PASSERELLE_E2E_SAS_PLATFORM_PORT']), '127.0.0.1', () => r()));
      await smtp.listen(Number(process.env['PASSERELLE_E2E_SMTP_PORT']));
    });
    afterAll(async () => {
      await new Promise<void>((r) => platform.close(() => r()));
      await smtp.close();
    });

    it('reports each regulator booking to the SAS platform once', async () => {
      const practitioner = await createPractitioner(db, { sasParticipation: true, places: [{ name: 'Cabinet', startMinute: 0, endMinute: 24 * 60 }], motifs: [] });
      const regulator = (await db.query<{ id: string }>(`SELECT id FROM "Account" WHERE email = $1`, [DEMO_ACCOUNTS.regulator.email])).rows[0].id;
      const patient = (await db.query<{ id: string }>('SELECT id FROM "Patient" ORDER BY "createdAt" LIMIT 1')).rows[0].id;
      const start = Date.now() + 3 * 86_400_000;
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const startsAt = new Date(start + i * 30 * 60_000);
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifLabel", "consultationType", "startsAt", "endsAt", channel, "bookedById", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, 'Soins non programmés', 'CABINET', $4, $5, 'REGULATOR', $6, now()) RETURNING id`,
          [practitioner.id, practitioner.placeIds[0], patient, startsAt, new Date(startsAt.getTime() + 15 * 60_000), regulator],
        );
        ids.push(rows[0].id);
      }
      await eventually('every notification to be sent', async () => {
        const { rows } = await db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM "SasAppointmentNotification" WHERE "appointmentId" = ANY($1) AND status <> 'SENT'`, [ids]);
        return rows[0].pending === 0;
      }, 60_000);
      const received = platformRequests.filter((r) => ids.includes(r.appointmentId));
      expect(received.map((r) => r.appointmentId).sort()).toEqual([...ids].sort());
      expect(received.every((r) => r.method === 'POST')).toBe(true);
    });

    it('sends each e-mail once', async () => {
      const admin = new ApiClient();
      await admin.loginAsDemo(DEMO_ACCOUNTS.admin);
      const emails = Array.from({ length: 12 }, (_, i) => `regulateur-${i}-${randomUUID().slice(0, 6)}@regulation.passerelle.test`);
      for (const [i, email] of emails.entries()) {
        const created = await admin.post('/api/admin/regulators', { givenName: 'Lucie', familyName: `Garnier ${i}`, email });
        expect(created.status).toBe(201);
      }
      await eventually('every invitation to be sent', async () => {
        const { rows } = await db.query<{ sent: number }>(`SELECT count(*)::int AS sent FROM "OutboxEmail" WHERE "to" = ANY($1) AND status = 'SENT'`, [emails]);
        return rows[0].sent === emails.length;
      }, 60_000);
      const recipients = smtp.received.flatMap((m) => m.to).filter((to) => emails.some((e) => to.includes(e)));
      expect(recipients.sort()).toEqual(emails.map((e) => `RCPT TO:<${e}>`).sort());
      // Sent e-mails keep no text: it held a one-time link.
      const { rows } = await db.query<{ text: string }>(`SELECT text FROM "OutboxEmail" WHERE "to" = ANY($1)`, [emails]);
      expect(rows.every((r) => r.text === '')).toBe(true);
    });
  });
});
