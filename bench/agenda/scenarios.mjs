// The four measurements of issue 3. Each one is independent: an endpoint that
// is missing (404) or failing yields { status: 'not-available', error } and
// the others still run.
import { loadavg } from 'node:os';
import pg from 'pg';
import { API, TARGETS } from './config.mjs';
import { describe, statusCounts, summarize } from './lib/http.mjs';

const HOUR = 3_600_000;
const ok = (r) => r.status >= 200 && r.status < 300;
const notAvailable = (endpoint, response) => ({
  status: 'not-available',
  endpoint,
  error: describe(response),
});
const pickOne = (items) => items[Math.floor(Math.random() * items.length)];
function pickDistinct(items, count) {
  const chosen = new Set();
  while (chosen.size < Math.min(count, items.length))
    chosen.add(pickOne(items));
  return [...chosen];
}
const spread = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length
    ? {
        min: sorted[0],
        median: sorted[Math.floor(sorted.length / 2)],
        max: sorted.at(-1),
      }
    : null;
};

/**
 * Live appointments that start before an earlier live appointment of the same
 * practitioner has ended (0 when no two overlap), checked independently of the
 * exclusion constraint.
 */
async function overlappingAppointments(db, practitionerIds) {
  const { rows } = await db.query(
    `SELECT count(*) AS c FROM (
       SELECT "startsAt", max("endsAt") OVER (PARTITION BY "practitionerId" ORDER BY "startsAt", id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
       FROM "Appointment" WHERE "practitionerId" = ANY ($1::uuid[]) AND status <> 'CANCELLED'
     ) x WHERE "startsAt" < previous_end`,
    [practitionerIds],
  );
  return Number(rows[0].c);
}

/** Sequential latency run: warm-up, then `iterations` calls of `call()`. */
async function latencyRun(call, { warmup, iterations }, count) {
  for (let i = 0; i < warmup; i++) await call();
  const responses = [];
  const started = Date.now();
  for (let i = 0; i < iterations; i++) responses.push(await call());
  const elapsed = Date.now() - started;
  const failures = responses.filter((r) => !ok(r));
  return {
    ...summarize(
      responses.map((r) => r.ms),
      elapsed,
    ),
    statuses: statusCounts(responses),
    errors: failures.length,
    firstError: failures[0] ? describe(failures[0]) : undefined,
    itemsPerAnswer: spread(responses.filter(ok).map((r) => count(r.body))),
  };
}

/** (a) GET /api/slots for 25 random practitioners over the next 72 h. */
export async function measureSlots({ http, db, settings }) {
  const ids = (
    await db.query(`SELECT id::text AS id FROM bench.practitioner`)
  ).rows.map((r) => r.id);
  const call = () => {
    const from = new Date();
    return http.request(
      'GET',
      API.slots(
        pickDistinct(ids, settings.slotsPractitioners),
        from,
        new Date(from.getTime() + settings.slotsWindowHours * HOUR),
      ),
    );
  };
  const endpoint = `GET ${API.slots(['<25 ids>'], new Date(0), new Date(0)).split('?')[0]}`;
  const probe = await call();
  if (!ok(probe)) return notAvailable(endpoint, probe);
  const run = await latencyRun(call, settings, API.slotsCount);
  return {
    status: 'ok',
    endpoint,
    practitionersPerCall: settings.slotsPractitioners,
    windowHours: settings.slotsWindowHours,
    warmup: settings.warmup,
    iterations: settings.iterations,
    ...run,
    targetP95Ms: TARGETS.slotsP95Ms,
    meetsTarget: run.errors === 0 && run.p95Ms <= TARGETS.slotsP95Ms,
  };
}

/** (b) GET /api/directory/search?specialty=SM54&place=<random département>&page=1. */
export async function measureDirectory({ http, db, settings }) {
  const departements = (
    await db.query(`SELECT code FROM bench.departement`)
  ).rows.map((r) => r.code);
  const call = () =>
    http.request('GET', API.directorySearch('SM54', pickOne(departements), 1));
  const endpoint = `GET ${API.directorySearch('SM54', '<département>', 1)}`;
  const probe = await call();
  if (!ok(probe)) return notAvailable(endpoint, probe);
  const run = await latencyRun(call, settings, API.directoryCount);
  return {
    status: 'ok',
    endpoint,
    warmup: settings.warmup,
    iterations: settings.iterations,
    ...run,
    targetP95Ms: TARGETS.directoryP95Ms,
    meetsTarget: run.errors === 0 && run.p95Ms <= TARGETS.directoryP95Ms,
  };
}

/** Dr Martin's free slots: from the public slots endpoint, or from SQL when it is missing. */
async function contentionSlots({ http, db, fixtures, settings }) {
  const practitionerId = fixtures.contentionPractitionerId;
  const from = new Date(Date.now() + 24 * HOUR);
  const to = new Date(from.getTime() + 7 * 24 * HOUR);
  const answer = await http.request(
    'GET',
    API.slots([practitionerId], from, to),
  );
  const spaced = (slots) => {
    // One hour apart at least, so a motif longer than a slot cannot make two targets overlap.
    const chosen = [];
    for (const s of slots.sort((a, b) => a.start - b.start)) {
      if (chosen.length === settings.contentionSlots) break;
      if (!chosen.length || s.start - chosen.at(-1).start >= HOUR)
        chosen.push(s);
    }
    return chosen;
  };
  if (ok(answer)) {
    const slots = API.slotList(answer.body)
      .filter(
        (s) =>
          s.practitionerId === practitionerId &&
          Array.isArray(s.motifIds) &&
          s.motifIds.length > 0,
      )
      .map((s) => ({ start: new Date(s.start), motifId: s.motifIds[0] }));
    return { source: 'GET /api/slots', slots: spaced(slots) };
  }
  const { rows } = await db.query(
    `SELECT s.starts_at AS start, m.id::text AS motif_id
     FROM "Practitioner" p
     JOIN LATERAL (SELECT id, "durationMinutes" FROM "Motif" WHERE "practitionerId" = p.id AND active AND 'CABINET' = ANY ("consultationTypes") ORDER BY position LIMIT 1) m ON true
     JOIN "OpeningRange" r ON r."practitionerId" = p.id AND 'CABINET' = ANY (r."consultationTypes")
     JOIN generate_series((now() AT TIME ZONE 'Europe/Paris')::date + 1, (now() AT TIME ZONE 'Europe/Paris')::date + 8, interval '1 day') d(day) ON extract(isodow FROM d.day) = r.weekday
     CROSS JOIN LATERAL generate_series(r."startMinute", r."endMinute" - m."durationMinutes", p."slotMinutes") g(minute)
     CROSS JOIN LATERAL (SELECT (d.day + make_interval(mins => g.minute)) AT TIME ZONE 'Europe/Paris' AS starts_at) s
     WHERE p.id = $1
       AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."practitionerId" = p.id AND a.status <> 'CANCELLED' AND a."startsAt" < s.starts_at + make_interval(mins => m."durationMinutes") AND a."endsAt" > s.starts_at)
       AND NOT EXISTS (SELECT 1 FROM "AgendaBlock" b WHERE b."practitionerId" = p.id AND b."waivedAt" IS NULL AND b."startsAt" < s.starts_at + make_interval(mins => m."durationMinutes") AND b."endsAt" > s.starts_at)
     ORDER BY 1`,
    [practitionerId],
  );
  return {
    source: `SQL (slots endpoint: ${describe(answer)})`,
    slots: spaced(rows.map((r) => ({ start: r.start, motifId: r.motif_id }))),
  };
}

/** (c) 200 concurrent bookings on 10 free slots of one practitioner: 10 × 2xx, 190 × 409, no overlap. */
export async function measureContention({
  http,
  db,
  settings,
  fixtures,
  sessions,
}) {
  const practitionerId = fixtures.contentionPractitionerId;
  const endpoint = `POST ${API.book.path('<id>')}`;
  const { source, slots } = await contentionSlots({
    http,
    db,
    fixtures,
    settings,
  });
  if (slots.length < settings.contentionSlots) {
    return {
      status: 'not-available',
      endpoint,
      error: `only ${slots.length} free slots of Dr Martin found (${source})`,
    };
  }
  const patientId = fixtures.patientIds[0];
  const attempts = Array.from(
    { length: settings.contentionAttempts },
    (_, i) => slots[i % slots.length],
  ).sort(() => Math.random() - 0.5);
  const started = Date.now();
  const responses = await Promise.all(
    attempts.map((slot, i) =>
      sessions[i % sessions.length].request(
        'POST',
        API.book.path(practitionerId),
        API.book.body({ start: slot.start, motifId: slot.motifId, patientId }),
      ),
    ),
  );
  const elapsedMs = Date.now() - started;
  const statuses = statusCounts(responses);
  const successes = responses.filter(ok).length;
  const conflicts = statuses[409] ?? 0;
  if (successes === 0 && conflicts === 0)
    return {
      status: 'not-available',
      endpoint,
      slotsSource: source,
      statuses,
      error: describe(responses[0]),
    };

  const starts = slots.map((s) => s.start.toISOString());
  const perSlot = (
    await db.query(
      `SELECT "startsAt", count(*)::int AS n FROM "Appointment"
       WHERE "practitionerId" = $1 AND status <> 'CANCELLED' AND "startsAt" = ANY ($2::timestamptz[]) GROUP BY 1`,
      [practitionerId, starts],
    )
  ).rows;
  const overlaps = await overlappingAppointments(db, [practitionerId]);
  const bookedInDb = perSlot.reduce((s, r) => s + r.n, 0);
  const others = responses.filter((r) => !ok(r) && r.status !== 409);
  return {
    status: 'ok',
    endpoint,
    slotsSource: source,
    slots: starts,
    attempts: responses.length,
    elapsedMs,
    statuses,
    successes,
    conflicts,
    otherFailures: others.length,
    firstOtherFailure: others[0] ? describe(others[0]) : undefined,
    latency: summarize(
      responses.map((r) => r.ms),
      elapsedMs,
    ),
    database: {
      liveAppointmentsOnTargetSlots: bookedInDb,
      slotsWithOneAppointment: perSlot.filter((r) => r.n === 1).length,
      overlappingAppointments: overlaps,
    },
    expected: {
      successes: TARGETS.contentionSuccesses,
      conflicts: settings.contentionAttempts - TARGETS.contentionSuccesses,
      overlappingAppointments: 0,
    },
    meetsTarget:
      successes === slots.length &&
      conflicts === responses.length - slots.length &&
      bookedInDb === slots.length &&
      overlaps === 0,
  };
}

/** Runs `work(slot)` on `concurrency` workers until `seconds` pass or the slots run out. */
async function sustained(slots, { seconds, concurrency }, work) {
  let next = 0;
  const results = [];
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline && next < slots.length)
        results.push(await work(slots[next++]));
    }),
  );
  return { results, elapsedMs: Date.now() - started };
}

/** (d) Bookings of distinct free slots through the API for N s, then the same inserts straight into PostgreSQL. */
export async function measureThroughput({
  db,
  databaseUrl,
  settings,
  fixtures,
  sessions,
  secretaryAccountId,
  cpu,
}) {
  const endpoint = `POST ${API.book.path('<id>')}`;
  const { rows } = await db.query(
    `SELECT seq, practitioner_id, place_id, motif_id, starts_at, ends_at FROM bench.free_slot ORDER BY seq`,
  );
  const all = rows.map((r) => ({
    seq: Number(r.seq),
    practitionerId: r.practitioner_id,
    placeId: r.place_id,
    motifId: r.motif_id,
    start: r.starts_at,
    end: r.ends_at,
  }));
  const apiSlots = all.filter((s) => s.seq % 2 === 0);
  const sqlSlots = all.filter((s) => s.seq % 2 === 1);
  const patients = fixtures.patientIds;
  let turn = 0;
  const book = (slot) =>
    sessions[turn++ % sessions.length].request(
      'POST',
      API.book.path(slot.practitionerId),
      API.book.body({
        start: slot.start,
        motifId: slot.motifId,
        patientId: pickOne(patients),
      }),
    );

  // Warm-up (not counted), which also tells whether the endpoint exists.
  const warm = apiSlots.splice(0, Math.max(1, settings.bookingConcurrency * 2));
  const warmResults = await Promise.all(warm.map(book));
  if (!warmResults.some(ok))
    return {
      status: 'not-available',
      endpoint,
      statuses: statusCounts(warmResults),
      error: describe(warmResults.find((r) => !ok(r)) ?? warmResults[0]),
    };

  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const cpuBefore = cpu?.take();
  const apiRun = await sustained(
    apiSlots,
    {
      seconds: settings.bookingSeconds,
      concurrency: settings.bookingConcurrency,
    },
    book,
  );
  const apiOk = apiRun.results.filter(ok);
  const apiCpu = cpu?.since(cpuBefore, Math.max(1, apiRun.results.length));
  const apiRate = (apiOk.length / apiRun.elapsedMs) * 1000;
  const throttled = apiRun.results.filter((r) => r.status === 429).length;
  const apiFailures = apiRun.results.filter((r) => !ok(r));

  // Baseline: the same single-row INSERTs (autocommit), as many as the API was sent (at least
  // baselineMinInserts), same concurrency, straight into PostgreSQL.
  const baselinePool = new pg.Pool({
    connectionString: databaseUrl,
    max: settings.bookingConcurrency,
  });
  let sqlRun;
  let sqlCpu;
  try {
    await Promise.all(
      Array.from({ length: settings.bookingConcurrency }, () =>
        baselinePool.query('SELECT 1'),
      ),
    );
    const target = sqlSlots.slice(
      0,
      Math.max(apiRun.results.length, settings.baselineMinInserts),
    );
    const insert = async (slot) => {
      const t = process.hrtime.bigint();
      try {
        await baselinePool.query(
          `INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifId", "motifLabel", "consultationType", "startsAt", "endsAt", status, channel, "bookedById", "createdAt", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, $3, $4, 'Consultation', 'CABINET', $5, $6, 'BOOKED', 'PRACTICE', $7, now(), now())`,
          [
            slot.practitionerId,
            slot.placeId,
            pickOne(patients),
            slot.motifId,
            slot.start,
            slot.end,
            secretaryAccountId,
          ],
        );
        return { status: 201, ms: Number(process.hrtime.bigint() - t) / 1e6 };
      } catch (error) {
        return {
          status: error.code ?? 'error',
          text: error.message,
          ms: Number(process.hrtime.bigint() - t) / 1e6,
        };
      }
    };
    const sqlCpuBefore = cpu?.take();
    sqlRun = await sustained(
      target,
      { seconds: 3600, concurrency: settings.bookingConcurrency },
      insert,
    );
    sqlCpu = cpu?.since(sqlCpuBefore, Math.max(1, sqlRun.results.length));
  } finally {
    await baselinePool.end();
  }
  const sqlOk = sqlRun.results.filter((r) => r.status === 201);
  const sqlRate = (sqlOk.length / sqlRun.elapsedMs) * 1000;

  const practitionerIds = [...new Set(all.map((s) => s.practitionerId))];
  const overlaps = await overlappingAppointments(db, practitionerIds);
  return {
    status: 'ok',
    endpoint,
    concurrency: settings.bookingConcurrency,
    sessions: sessions.length,
    seconds: settings.bookingSeconds,
    practitioners: practitionerIds.length,
    api: {
      requests: apiRun.results.length,
      successes: apiOk.length,
      statuses: statusCounts(apiRun.results),
      throttled429: throttled,
      firstFailure: apiFailures[0] ? describe(apiFailures[0]) : undefined,
      elapsedMs: apiRun.elapsedMs,
      bookingsPerSecond: Math.round(apiRate * 10) / 10,
      cpuPerRequest: apiCpu,
      latency: summarize(
        apiRun.results.map((r) => r.ms),
        apiRun.elapsedMs,
      ),
    },
    rawSql: {
      inserts: sqlRun.results.length,
      successes: sqlOk.length,
      statuses: statusCounts(sqlRun.results),
      firstFailure: sqlRun.results.find((r) => r.status !== 201)?.text,
      elapsedMs: sqlRun.elapsedMs,
      insertsPerSecond: Math.round(sqlRate * 10) / 10,
      cpuPerInsert: sqlCpu,
      latency: summarize(
        sqlRun.results.map((r) => r.ms),
        sqlRun.elapsedMs,
      ),
    },
    loadAverage: { atStart: loadAtStart },
    apiToSqlRatio:
      sqlRate > 0 ? Math.round((apiRate / sqlRate) * 1000) / 1000 : null,
    database: { overlappingAppointments: overlaps },
    targetPerSecond: TARGETS.bookingsPerSecond,
    meetsTarget:
      apiRate >= TARGETS.bookingsPerSecond &&
      overlaps === 0 &&
      apiFailures.length === 0,
  };
}
