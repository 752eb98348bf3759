// The national dataset, generated inside PostgreSQL with set-based SQL
// (INSERT … SELECT over generate_series): no row crosses the wire.
//
// Determinism: every "random" choice is bench.rnd(key, salt), a hash of the
// row's own numbers, and generated ids are bench.uuid(kind, n) (md5-based,
// shaped as UUID v4). The same sizes give the same data, and any statement can
// recompute another's choice without a join (e.g. the motif of practitioner n
// is bench.uuid('motif', n*10 + k)).
//
// Appointments are loaded the way bulk loads are done: the Appointment table's
// primary key, indexes, foreign keys and the exclusion constraint
// "Appointment_no_overlap" are dropped, the rows inserted by practitioner
// chunks on two connections, then everything is re-created from the exact
// definitions read from the catalog before dropping (so they stay those of the
// migrations). Each part is timed. Generated appointments never overlap: one
// per grid slot of each practitioner — re-adding the constraint proves it.
import { HOURS_PROFILES, SPECIALTIES } from '../config.mjs';
import { loadDepartements, publicHolidays } from './geography.mjs';

const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Nguyen',
  'Benali',
  'Haddad',
  'Da Silva',
  'Lopez',
];
const FIRST_NAMES = [
  'Marie',
  'Jean',
  'Camille',
  'Nicolas',
  'Sophie',
  'Pierre',
  'Julie',
  'Thomas',
  'Claire',
  'Antoine',
  'Isabelle',
  'Julien',
  'Nathalie',
  'Mathieu',
  'Céline',
  'Olivier',
  'Aurélie',
  'Laurent',
  'Émilie',
  'Sébastien',
  'Hélène',
  'François',
  'Anaïs',
  'Karim',
  'Inès',
  'Loïc',
  'Léa',
  'Hugo',
  'Chloé',
  'Yasmine',
  'Mehdi',
  'Sarah',
  'Paul',
  'Manon',
  'Louis',
  'Élodie',
  'Romain',
  'Lucie',
  'Vincent',
  'Amandine',
];
const STREETS = [
  'rue de la République',
  'avenue Victor Hugo',
  'rue des Prés',
  'boulevard du Général Leclerc',
  'rue Émile Zola',
  'rue Pasteur',
  'place de la Mairie',
  'rue Jean Jaurès',
  'avenue de la Gare',
  'rue du Moulin',
];
const COMMUNES = [
  'Saint-Martin',
  'Villeneuve',
  'Beaumont',
  'Montfort',
  'Fontaine',
  'Bellevue',
  'Roche-la-Vallée',
  'Champagnac',
  'Bourg-Neuf',
  'Saint-Julien',
  'Mont-Vert',
  'Les Ormes',
];

const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sqlArray = (items) => `ARRAY[${items.map(sqlText).join(',')}]`;

/** Postgres answers "now" and "today in Paris" once, so every statement shares them. */
async function clock(client) {
  const { rows } = await client.query(
    `SELECT now() AS t0, (now() AT TIME ZONE 'Europe/Paris')::date::text AS today`,
  );
  return { t0: rows[0].t0.toISOString(), today: rows[0].today };
}

/** A runner of named, timed steps that records each one in `steps` and prints it. */
const timedSteps = (steps, log) => async (name, fn) => {
  const t = Date.now();
  const detail = await fn();
  const ms = Date.now() - t;
  steps.push({ step: name, durationMs: ms, ...(detail ?? {}) });
  log(
    `  ${name.padEnd(34)} ${''.padStart(17)} ${(ms / 1000).toFixed(1).padStart(6)} s`,
  );
  return detail;
};

function fmtRate(rows, ms) {
  return ms > 0
    ? `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`
    : '-';
}

/**
 * Generates the dataset. `pool` must hold at least `loadConcurrency` + 1
 * connections to the API's database, already migrated.
 * @returns the report stored in agenda.json under "dataset"
 */
/** What a reused dataset holds (BENCH_DATABASE_URL). */
export async function datasetCounts(db) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM "Practitioner")::int AS practitioners, (SELECT count(*) FROM "Practitioner" WHERE "sasParticipation")::int AS "sasPractitioners",
            (SELECT reltuples::bigint FROM pg_class WHERE relname = 'Appointment') AS "appointmentsEstimate"`,
  );
  return rows[0];
}

export async function generateDataset(pool, settings, log) {
  const {
    practitioners: N,
    directoryEntries: D,
    patients: P,
    horizonDays: H,
    bookedRatio,
  } = settings;
  const started = Date.now();
  const steps = [];
  const client = await pool.connect();
  const step = async (name, sql, params = []) => {
    const t = Date.now();
    const result = await client.query(sql, params);
    const ms = Date.now() - t;
    const rows = result.rowCount ?? 0;
    steps.push({
      step: name,
      rows,
      durationMs: ms,
      rowsPerSecond: ms > 0 ? Math.round((rows / ms) * 1000) : null,
    });
    log(
      `  ${name.padEnd(34)} ${String(rows.toLocaleString('en-US')).padStart(12)} rows  ${(ms / 1000).toFixed(1).padStart(6)} s  ${fmtRate(rows, ms)}`,
    );
    return result;
  };
  const timed = timedSteps(steps, log);

  try {
    // A throwaway cluster: fewer checkpoints during the load. (fsync and
    // synchronous_commit are already off there, see tools/test/postgres-cluster.mjs.)
    await client.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
    await client.query(`ALTER SYSTEM SET checkpoint_timeout = '30min'`);
    await client.query(`SELECT pg_reload_conf()`);
    // JIT would spend ~0.7 s compiling each of these one-off statements.
    await client.query(
      `SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2; SET jit = off`,
    );
    const { t0, today } = await clock(client);
    const holidayYears = [
      Number(today.slice(0, 4)),
      Number(today.slice(0, 4)) + 1,
    ];
    log(
      `  dataset "now" ${t0} (Paris date ${today}); ${N.toLocaleString('en-US')} practitioners, horizon ${H} days, ~${Math.round(bookedRatio * 100)} % booked`,
    );

    await timed('helpers and staging tables', async () => {
      await client.query(`
        DROP SCHEMA IF EXISTS bench CASCADE;
        CREATE SCHEMA bench;
        -- A deterministic number in [0, 1) from a key and a salt.
        CREATE FUNCTION bench.rnd(k bigint, salt bigint) RETURNS double precision
          LANGUAGE sql IMMUTABLE PARALLEL SAFE
          AS $$ SELECT (hashint8extended(k, salt) & 4294967295)::double precision / 4294967296.0 $$;
        -- A deterministic id shaped as a version-4 UUID.
        CREATE FUNCTION bench.uuid(kind text, n bigint) RETURNS uuid
          LANGUAGE sql IMMUTABLE PARALLEL SAFE
          AS $$ SELECT overlay(overlay(md5(kind || ':' || n) placing '4' from 13) placing '8' from 17)::uuid $$;
        CREATE FUNCTION bench.pick(items text[], r double precision) RETURNS text
          LANGUAGE sql IMMUTABLE PARALLEL SAFE
          AS $$ SELECT items[1 + floor(r * array_length(items, 1))::int] $$;
        -- A postcode that departementOfPostcode() maps back to the département.
        CREATE FUNCTION bench.postcode(code text, r double precision) RETURNS text
          LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE
            WHEN code = '2A' THEN '20' || (ARRAY['000','090','100','110','167'])[1 + floor(r * 5)::int]
            WHEN code = '2B' THEN '20' || (ARRAY['200','213','218','220','260'])[1 + floor(r * 5)::int]
            WHEN length(code) = 3 THEN code || (ARRAY['00','10','20','30'])[1 + floor(r * 4)::int]
            ELSE code || lpad((floor(r * 100)::int * 10)::text, 3, '0')
          END $$;
        CREATE UNLOGGED TABLE bench.departement (code text PRIMARY KEY, name text, lo double precision, hi double precision);
        CREATE UNLOGGED TABLE bench.specialty (code text PRIMARY KEY, label text, slot_minutes int[], lo double precision, hi double precision);
        CREATE UNLOGGED TABLE bench.hours_profile (profile int, weekday int, start_minute int, end_minute int, types "ConsultationType"[]);
        CREATE UNLOGGED TABLE bench.public_holiday (day date, departement text, name text);
        CREATE UNLOGGED TABLE bench.day (day_index int PRIMARY KEY, day date, isodow int);
      `);
      const departements = await loadDepartements();
      const totalWeight = departements.reduce((s, d) => s + d.weight, 0);
      let acc = 0;
      const depRows = departements.map((d) => {
        const lo = acc / totalWeight;
        acc += d.weight;
        return `(${sqlText(d.code)}, ${sqlText(d.name)}, ${lo}, ${acc === totalWeight ? 2 : acc / totalWeight})`;
      });
      await client.query(
        `INSERT INTO bench.departement VALUES ${depRows.join(',')}`,
      );
      const totalShare = SPECIALTIES.reduce((s, x) => s + x.share, 0);
      acc = 0;
      const specRows = SPECIALTIES.map((s, i) => {
        const lo = acc / totalShare;
        acc += s.share;
        return `(${sqlText(s.code)}, ${sqlText(s.label)}, ARRAY[${s.slotMinutes.join(',')}], ${lo}, ${i === SPECIALTIES.length - 1 ? 2 : acc / totalShare})`;
      });
      await client.query(
        `INSERT INTO bench.specialty VALUES ${specRows.join(',')}`,
      );
      const hourRows = HOURS_PROFILES.flatMap((ranges, profile) =>
        ranges.map(
          (r) =>
            `(${profile}, ${r.weekday}, ${r.start}, ${r.end}, ARRAY[${r.types.map(sqlText).join(',')}]::"ConsultationType"[])`,
        ),
      );
      await client.query(
        `INSERT INTO bench.hours_profile VALUES ${hourRows.join(',')}`,
      );
      const holidays = await publicHolidays(
        holidayYears,
        departements.map((d) => d.code),
      );
      await client.query(
        `INSERT INTO bench.public_holiday VALUES ${holidays.map((h) => `(DATE ${sqlText(h.day)}, ${h.departement ? sqlText(h.departement) : 'NULL'}, ${sqlText(h.name)})`).join(',')}`,
      );
      await client.query(
        `INSERT INTO bench.day SELECT i, DATE '${today}' + i, extract(isodow FROM DATE '${today}' + i)::int FROM generate_series(0, ${H}) i`,
      );
      return {
        departements: departements.length,
        specialties: SPECIALTIES.length,
        hoursProfiles: HOURS_PROFILES.length,
        publicHolidays: holidays.length,
      };
    });

    // One row per practitioner with every generated attribute; the real tables are filled from it.
    await step(
      'bench.practitioner (staging)',
      `CREATE UNLOGGED TABLE bench.practitioner AS
       SELECT n,
              bench.uuid('practitioner', n) AS id, bench.uuid('account', n) AS account_id,
              bench.uuid('practice', n) AS practice_id, bench.uuid('place', n) AS place_id,
              d.code AS departement, d.name AS departement_name,
              bench.postcode(d.code, bench.rnd(n, 3)) AS postcode,
              bench.pick(${sqlArray(COMMUNES)}, bench.rnd(n, 4)) AS commune,
              (1 + floor(bench.rnd(n, 5) * 120))::int || ' ' || bench.pick(${sqlArray(STREETS)}, bench.rnd(n, 6)) AS address_line,
              s.code AS specialty_code, s.label AS specialty_label,
              s.slot_minutes[1 + floor(bench.rnd(n, 7) * array_length(s.slot_minutes, 1))::int] AS slot_minutes,
              floor(bench.rnd(n, 8) * ${HOURS_PROFILES.length})::int AS profile,
              bench.rnd(n, 9) < 0.8 AS accepts_new,
              bench.rnd(n, 10) < ${Number(settings.snpShare)} AS has_snp,
              s.code = 'SM54' AND bench.rnd(n, 11) < ${Number(settings.sasShare)} AS sas,
              -- Busy agendas: the first 0–5 days almost full (skewed towards 0).
              floor(6 * bench.rnd(n, 12) ^ 2)::int AS full_days,
              CASE WHEN bench.rnd(n, 13) < 0.35 THEN date_trunc('week', (DATE '${today}' + 14 + floor(bench.rnd(n, 14) * 10)::int * 7)::timestamp)::date END AS holiday_monday,
              CASE WHEN bench.rnd(n, 15) < 0.25 THEN DATE '${today}' + 3 + floor(bench.rnd(n, 16) * ${Math.max(1, H - 5)})::int END AS absence_day,
              bench.rnd(n, 17) < 0.5 AS third_motif,
              bench.uuid('motif', n * 10 + 1) AS motif1_id, bench.uuid('motif', n * 10 + 2) AS motif2_id,
              bench.pick(${sqlArray(FIRST_NAMES)}, bench.rnd(n, 18)) AS first_name,
              bench.pick(${sqlArray(LAST_NAMES)}, bench.rnd(n, 19)) AS last_name
       FROM generate_series(1, ${N}) AS n
       JOIN bench.departement d ON bench.rnd(n, 1) >= d.lo AND bench.rnd(n, 1) < d.hi
       JOIN bench.specialty s ON bench.rnd(n, 2) >= s.lo AND bench.rnd(n, 2) < s.hi`,
    );
    await client.query(
      `ALTER TABLE bench.practitioner ADD PRIMARY KEY (n); ANALYZE bench.practitioner`,
    );

    await step(
      'Account',
      `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "createdAt", "updatedAt")
       SELECT account_id, 'bench.practitioner.' || n || '@passerelle.bench', 'PRO', 'PRACTITIONER', 'ACTIVE', 'Dr ' || first_name || ' ' || last_name, now(), now()
       FROM bench.practitioner`,
    );
    await step(
      'Practice',
      `INSERT INTO "Practice" (id, name, "addressLine", postcode, commune, departement, "createdAt")
       SELECT practice_id, 'Cabinet du Dr ' || last_name, address_line, postcode, commune, departement, now() FROM bench.practitioner`,
    );
    await step(
      'PracticeMembership',
      `INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role, since)
       SELECT bench.uuid('membership', n), practice_id, account_id, 'PRACTITIONER', now() FROM bench.practitioner`,
    );
    await step(
      'Practitioner',
      `INSERT INTO "Practitioner" (id, "accountId", "practiceId", rpps, civility, "firstName", "lastName", profession, "specialtyCode", "specialtyLabel",
                                   "addressLine", postcode, commune, departement, "acceptsNewPatients", "sasParticipation", "messagingEnabled",
                                   "slotMinutes", "horizonDays", "createdAt", "updatedAt")
       SELECT id, account_id, practice_id, '19' || lpad(n::text, 9, '0'), 'Dr', first_name, last_name, 'Médecin', specialty_code, specialty_label,
              address_line, postcode, commune, departement, accepts_new, sas, false, slot_minutes, ${H}, now(), now()
       FROM bench.practitioner`,
    );
    await step(
      'ConsultationPlace',
      `INSERT INTO "ConsultationPlace" (id, "practitionerId", name, "addressLine", postcode, commune, departement, "createdAt")
       SELECT place_id, id, 'Cabinet', address_line, postcode, commune, departement, now() FROM bench.practitioner`,
    );
    await step(
      'OpeningRange',
      `INSERT INTO "OpeningRange" (id, "practitionerId", "placeId", weekday, "startMinute", "endMinute", "consultationTypes")
       SELECT gen_random_uuid(), p.id, p.place_id, h.weekday, h.start_minute, h.end_minute, h.types
       FROM bench.practitioner p JOIN bench.hours_profile h ON h.profile = p.profile`,
    );
    // k = 1 Consultation, 2 Première consultation (open to new patients), 3 renewal or
    // video (half of them), 5 "Soins non programmés" (30 %): 2–4 motifs each.
    await step(
      'Motif',
      `INSERT INTO "Motif" (id, "practitionerId", label, "durationMinutes", "consultationTypes", "openToNewPatients", "bookableOnline", "isSnp", active, position, "createdAt")
       SELECT bench.uuid('motif', p.n * 10 + m.k), p.id, m.label, p.slot_minutes, m.types::"ConsultationType"[], m.open_new, m.online, m.snp, true, m.k - 1, now()
       FROM bench.practitioner p
       CROSS JOIN (VALUES
         (1, 'Consultation', '{CABINET}', false, true, false),
         (2, 'Première consultation', '{CABINET}', true, true, false),
         (3, 'Renouvellement d''ordonnance', '{CABINET}', false, true, false),
         (4, 'Téléconsultation', '{VIDEO}', false, true, false),
         (5, 'Soins non programmés', '{CABINET}', true, false, true)
       ) AS m(k, label, types, open_new, online, snp)
       WHERE m.k <= 2
          OR (m.k = 3 AND p.third_motif AND NOT EXISTS (SELECT 1 FROM bench.hours_profile h WHERE h.profile = p.profile AND 'VIDEO' = ANY (h.types)))
          OR (m.k = 4 AND p.third_motif AND EXISTS (SELECT 1 FROM bench.hours_profile h WHERE h.profile = p.profile AND 'VIDEO' = ANY (h.types)))
          OR (m.k = 5 AND p.has_snp)`,
    );
    // "Soins non programmés" on the last hour of each day's last range.
    await step(
      'MotifRange',
      `INSERT INTO "MotifRange" (id, "motifId", weekday, "startMinute", "endMinute")
       SELECT gen_random_uuid(), bench.uuid('motif', p.n * 10 + 5), h.weekday, greatest(h.start_minute, h.end_minute - 60), h.end_minute
       FROM bench.practitioner p
       JOIN (SELECT DISTINCT ON (profile, weekday) * FROM bench.hours_profile ORDER BY profile, weekday, end_minute DESC) h ON h.profile = p.profile
       WHERE p.has_snp`,
    );
    // Public holidays of this year and the next (what the API pre-fills), a week of
    // holidays for 35 % of practitioners, a training day for 25 %.
    await step(
      'AgendaBlock',
      `INSERT INTO "AgendaBlock" (id, "practitionerId", kind, label, "startsAt", "endsAt", "createdAt")
       SELECT gen_random_uuid(), p.id, 'PUBLIC_HOLIDAY'::"BlockKind", ph.name, ph.day::timestamp AT TIME ZONE 'Europe/Paris', (ph.day + 1)::timestamp AT TIME ZONE 'Europe/Paris', now()
       FROM bench.practitioner p JOIN bench.public_holiday ph ON ph.departement IS NULL OR ph.departement = p.departement
       UNION ALL
       SELECT gen_random_uuid(), id, 'HOLIDAY'::"BlockKind", 'Congés', holiday_monday::timestamp AT TIME ZONE 'Europe/Paris', (holiday_monday + 7)::timestamp AT TIME ZONE 'Europe/Paris', now()
       FROM bench.practitioner WHERE holiday_monday IS NOT NULL
       UNION ALL
       SELECT gen_random_uuid(), id, 'ABSENCE'::"BlockKind", 'Formation', absence_day::timestamp AT TIME ZONE 'Europe/Paris', (absence_day + 1)::timestamp AT TIME ZONE 'Europe/Paris', now()
       FROM bench.practitioner WHERE absence_day IS NOT NULL`,
    );
    await step(
      'Patient',
      `INSERT INTO "Patient" (id, "birthName", "firstNames", "birthDate", sex, phone, "identityStatus", "createdAt", "updatedAt")
       SELECT bench.uuid('patient', n), upper(bench.pick(${sqlArray(LAST_NAMES)}, bench.rnd(n, 31))), bench.pick(${sqlArray(FIRST_NAMES)}, bench.rnd(n, 32)),
              DATE '1935-01-01' + floor(bench.rnd(n, 33) * 32000)::int,
              CASE WHEN bench.rnd(n, 34) < 0.5 THEN 'F'::"Sex" ELSE 'M'::"Sex" END,
              '+336' || lpad(floor(bench.rnd(n, 35) * 100000000)::text, 8, '0'), 'VALIDATED', now(), now()
       FROM generate_series(1, ${P}) AS n`,
    );
    await step(
      'DirectoryEntry',
      `INSERT INTO "DirectoryEntry" (id, rpps, postcode, civility, "lastName", "firstName", "professionCode", "professionLabel", "specialtyCode", "specialtyLabel",
                                     "addressLine", commune, departement, "importedAt")
       SELECT gen_random_uuid(), '18' || lpad(n::text, 9, '0'), bench.postcode(d.code, bench.rnd(n, 43)), 'Dr',
              upper(bench.pick(${sqlArray(LAST_NAMES)}, bench.rnd(n, 44))), bench.pick(${sqlArray(FIRST_NAMES)}, bench.rnd(n, 45)),
              '10', 'Médecin', s.code, s.label,
              (1 + floor(bench.rnd(n, 46) * 120))::int || ' ' || bench.pick(${sqlArray(STREETS)}, bench.rnd(n, 47)),
              bench.pick(${sqlArray(COMMUNES)}, bench.rnd(n, 48)), d.code, now()
       FROM generate_series(1, ${D}) AS n
       JOIN bench.departement d ON bench.rnd(n, 41) >= d.lo AND bench.rnd(n, 41) < d.hi
       JOIN bench.specialty s ON bench.rnd(n, 42) >= s.lo AND bench.rnd(n, 42) < s.hi`,
    );

    // Patient ids by number: a hash join is ~10× cheaper per appointment than md5.
    await client.query(
      `CREATE UNLOGGED TABLE bench.patient_ids AS SELECT n::int AS n, bench.uuid('patient', n) AS id FROM generate_series(1, ${P}) AS n`,
    );
    await client.query(
      `ALTER TABLE bench.patient_ids ADD PRIMARY KEY (n); ANALYZE bench.patient_ids`,
    );
    const appointments = await loadAppointments(pool, client, {
      N,
      P,
      H,
      bookedRatio,
      t0,
      settings,
      steps,
      log,
    });

    await timed('VACUUM ANALYZE', async () => {
      await client.query(
        `VACUUM (ANALYZE) "Account", "Practice", "PracticeMembership", "Practitioner", "ConsultationPlace", "OpeningRange", "Motif", "MotifRange", "AgendaBlock", "Patient", "DirectoryEntry", "Appointment"`,
      );
    });

    const counts = {};
    for (const table of [
      'Account',
      'Practice',
      'Practitioner',
      'ConsultationPlace',
      'OpeningRange',
      'Motif',
      'MotifRange',
      'AgendaBlock',
      'Patient',
      'DirectoryEntry',
      'Appointment',
    ]) {
      counts[table] = Number(
        (await client.query(`SELECT count(*) AS c FROM "${table}"`)).rows[0].c,
      );
    }
    const size = (
      await client.query(
        `SELECT pg_size_pretty(pg_database_size(current_database())) AS s`,
      )
    ).rows[0].s;
    const durationMs = Date.now() - started;
    const insertedRows =
      steps.reduce((s, x) => s + (x.rows ?? 0), 0) + appointments.booked;
    log(
      `  dataset generated in ${(durationMs / 1000).toFixed(1)} s: ${insertedRows.toLocaleString('en-US')} rows (${fmtRate(insertedRows, durationMs)} overall), database ${size}`,
    );
    return {
      status: 'ok',
      now: t0,
      parisDate: today,
      sizes: {
        practitioners: N,
        directoryEntries: D,
        patients: P,
        horizonDays: H,
      },
      counts,
      appointments,
      databaseSize: size,
      durationMs,
      insertedRows,
      rowsPerSecond: Math.round((insertedRows / durationMs) * 1000),
      steps,
    };
  } finally {
    client.release();
  }
}

/** Captures, drops, bulk-loads and re-creates — see the file comment. */
async function loadAppointments(
  pool,
  client,
  { N, P, H, bookedRatio, t0, settings, steps, log },
) {
  const timedStep = timedSteps(steps, log);
  const constraints = (
    await client.query(
      `SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = '"Appointment"'::regclass AND contype IN ('p', 'f', 'x') ORDER BY conname`,
    )
  ).rows;
  const inbound = Number(
    (
      await client.query(
        `SELECT count(*) AS c FROM pg_constraint WHERE confrelid = '"Appointment"'::regclass`,
      )
    ).rows[0].c,
  );
  const primaryKey =
    inbound === 0 ? constraints.filter((c) => c.contype === 'p') : [];
  const foreignKeys = constraints.filter((c) => c.contype === 'f');
  // BENCH_EXCLUSION_DURING_LOAD=1 keeps the exclusion constraint while loading (checked row by row on both connections).
  const exclusions = settings.exclusionDuringLoad
    ? []
    : constraints.filter((c) => c.contype === 'x');
  const indexes = (
    await client.query(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = '"Appointment"'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1`,
    )
  ).rows;
  if (!constraints.some((c) => c.conname === 'Appointment_no_overlap')) {
    throw new Error(
      'Appointment_no_overlap is missing from the migrated database: the bench expects the exclusion constraint of prisma/migrations.',
    );
  }
  const q = (name) => `"${name.replace(/"/g, '""')}"`;

  await timedStep('Appointment: drop constraints', async () => {
    for (const c of [...exclusions, ...foreignKeys, ...primaryKey])
      await client.query(
        `ALTER TABLE "Appointment" DROP CONSTRAINT ${q(c.conname)}`,
      );
    for (const i of indexes) await client.query(`DROP INDEX ${q(i.name)}`);
    return {
      dropped: [...exclusions, ...foreignKeys, ...primaryKey]
        .map((c) => c.conname)
        .concat(indexes.map((i) => i.name)),
    };
  });

  // Days inside a practitioner's busy period are 95 % booked; the others decay from
  // 1.3× to 0.7× of pRest over the horizon, so the whole averages ≈ bookedRatio.
  const meanFullDays = [1, 2, 3, 4, 5].reduce(
    (s, k) => s + (1 - Math.sqrt(k / 6)),
    0,
  );
  const fullShare = meanFullDays / (H + 1);
  const pRest = Math.max(0, (bookedRatio - fullShare * 0.95) / (1 - fullShare));
  const chunk = Math.max(1, settings.chunkPractitioners);
  const chunks = [];
  for (let a = 1; a <= N; a += chunk)
    chunks.push([a, Math.min(N, a + chunk - 1)]);
  const insertSql = `
    WITH slot AS MATERIALIZED (
      SELECT p.n, p.id AS practitioner_id, p.place_id, p.motif1_id, p.motif2_id, p.slot_minutes, s.starts_at, s.key,
             bench.rnd(s.key, 20) < CASE WHEN d.day_index < p.full_days THEN 0.95
                                         ELSE least(0.95, ${pRest} * (1.3 - 0.6 * d.day_index / ${H}.0)) END AS booked
      FROM bench.practitioner p
      JOIN bench.hours_profile h ON h.profile = p.profile
      JOIN bench.day d ON d.isodow = h.weekday
      CROSS JOIN LATERAL (
        SELECT (d.day + make_interval(mins => g.minute)) AT TIME ZONE 'Europe/Paris' AS starts_at,
               (p.n::bigint * 1000 + d.day_index) * 1440 + g.minute AS key
        FROM generate_series(h.start_minute, h.end_minute - p.slot_minutes, p.slot_minutes) AS g(minute)
      ) s
      WHERE p.n BETWEEN $1 AND $2
        AND s.starts_at > TIMESTAMPTZ '${t0}'
        AND NOT EXISTS (SELECT 1 FROM bench.public_holiday ph WHERE ph.day = d.day AND (ph.departement IS NULL OR ph.departement = p.departement))
        AND (p.holiday_monday IS NULL OR d.day NOT BETWEEN p.holiday_monday AND p.holiday_monday + 6)
        AND (p.absence_day IS NULL OR d.day <> p.absence_day)
    ), ins AS (
      INSERT INTO "Appointment" (id, "practitionerId", "placeId", "patientId", "motifId", "motifLabel", "consultationType", "startsAt", "endsAt", status, channel, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), practitioner_id, place_id, pi.id,
             CASE WHEN first_visit THEN motif2_id ELSE motif1_id END,
             CASE WHEN first_visit THEN 'Première consultation' ELSE 'Consultation' END,
             'CABINET', starts_at, starts_at + make_interval(mins => slot_minutes), 'BOOKED', 'PRACTICE', now(), now()
      FROM (SELECT *, bench.rnd(key, 22) < 0.15 AS first_visit, 1 + floor(bench.rnd(key, 21) * ${P})::int AS patient_n FROM slot WHERE booked) AS b
      JOIN bench.patient_ids pi ON pi.n = b.patient_n
      RETURNING 1
    ), next_free AS (
      -- Exact for the grid at generation time: the first slot not booked (blocks and holidays excluded).
      UPDATE "Practitioner" pr SET "nextFreeSlotAt" = f.first_free
      FROM (SELECT practitioner_id, min(starts_at) FILTER (WHERE NOT booked) AS first_free FROM slot GROUP BY practitioner_id) AS f
      WHERE pr.id = f.practitioner_id
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM slot)::int AS slots, (SELECT count(*) FROM ins)::int AS booked, (SELECT count(*) FROM next_free)::int AS next_free`;

  let slots = 0;
  let booked = 0;
  let done = 0;
  const total = chunks.length;
  const insertStarted = Date.now();
  const workers = Array.from(
    { length: Math.max(1, settings.loadConcurrency) },
    async () => {
      const worker = await pool.connect();
      try {
        await worker.query(`SET work_mem = '256MB'; SET jit = off`);
        for (let next = chunks.shift(); next; next = chunks.shift()) {
          const { rows } = await worker.query(insertSql, next);
          slots += rows[0].slots;
          booked += rows[0].booked;
          done += 1;
          const ms = Date.now() - insertStarted;
          if (
            done === total ||
            done % Math.max(1, Math.round(total / 20)) === 0
          ) {
            log(
              `    appointments: chunk ${String(done).padStart(3)}/${total}  ${booked.toLocaleString('en-US').padStart(11)} rows  ${(ms / 1000).toFixed(0).padStart(4)} s  ${fmtRate(booked, ms)}`,
            );
          }
        }
      } finally {
        worker.release();
      }
    },
  );
  await Promise.all(workers);
  const insertMs = Date.now() - insertStarted;
  const insertLabel = `Appointment: insert (${settings.exclusionDuringLoad ? 'with EXCLUDE' : 'no constraints'})`;
  steps.push({
    step: insertLabel,
    rows: booked,
    durationMs: insertMs,
    rowsPerSecond: Math.round((booked / insertMs) * 1000),
    gridSlots: slots,
    bookedRatio: slots ? booked / slots : null,
  });
  log(
    `  ${insertLabel.padEnd(34)} ${booked.toLocaleString('en-US').padStart(12)} rows  ${(insertMs / 1000).toFixed(1).padStart(6)} s  ${fmtRate(booked, insertMs)}  (${((booked / Math.max(1, slots)) * 100).toFixed(1)} % of ${slots.toLocaleString('en-US')} grid slots)`,
  );

  const rebuild = {};
  await timedStep('Appointment: add primary key', async () => {
    for (const c of primaryKey)
      await client.query(
        `ALTER TABLE "Appointment" ADD CONSTRAINT ${q(c.conname)} ${c.def}`,
      );
    return { primaryKey: primaryKey.map((c) => c.conname) };
  });
  rebuild.primaryKeyMs = steps.at(-1).durationMs;
  await timedStep('Appointment: create indexes', async () => {
    for (const i of indexes) await client.query(i.def);
    return { indexes: indexes.map((i) => i.name) };
  });
  rebuild.indexesMs = steps.at(-1).durationMs;
  await timedStep('Appointment: add foreign keys', async () => {
    for (const c of foreignKeys)
      await client.query(
        `ALTER TABLE "Appointment" ADD CONSTRAINT ${q(c.conname)} ${c.def}`,
      );
    return { foreignKeys: foreignKeys.map((c) => c.conname) };
  });
  rebuild.foreignKeysMs = steps.at(-1).durationMs;
  await timedStep('Appointment: add exclusion constraint', async () => {
    for (const c of exclusions)
      await client.query(
        `ALTER TABLE "Appointment" ADD CONSTRAINT ${q(c.conname)} ${c.def}`,
      );
    return { constraints: exclusions.map((c) => `${c.conname} ${c.def}`) };
  });
  rebuild.exclusionMs = steps.at(-1).durationMs;
  return {
    gridSlots: slots,
    booked,
    bookedRatio: slots ? booked / slots : null,
    pRest,
    insertLabel,
    exclusionDuringLoad: settings.exclusionDuringLoad,
    insertMs,
    rowsPerSecond: Math.round((booked / insertMs) * 1000),
    rebuild,
  };
}

/**
 * What the booking scenarios need, in SQL: the demo practice and Dr Martin,
 * an agenda for her when the demo seed gives her none, patients known to the
 * practice, generated practitioners attached to the practice (so its secretary
 * may book them), more secretaries of the practice, and a shuffled list of
 * their free slots.
 */
export async function prepareBookingFixtures(
  pool,
  settings,
  { practitionerRpps: demoRpps, secretaryEmail },
  log,
) {
  const client = await pool.connect();
  try {
    const claire = (
      await client.query(
        `SELECT id, "practiceId", "slotMinutes" FROM "Practitioner" WHERE rpps = $1`,
        [demoRpps],
      )
    ).rows[0];
    if (!claire)
      return {
        status: 'not-available',
        error: `no practitioner with RPPS ${demoRpps}: demo data not seeded?`,
      };
    const fixtures = {
      demoPracticeId: claire.practiceId,
      contentionPractitionerId: claire.id,
      agendaAddedByBench: false,
    };

    const hasHours =
      Number(
        (
          await client.query(
            `SELECT count(*) AS c FROM "OpeningRange" WHERE "practitionerId" = $1`,
            [claire.id],
          )
        ).rows[0].c,
      ) > 0;
    if (!hasHours) {
      // The demo seed gave her no agenda: Mon–Fri 08:30–12:00 and 14:00–18:30 at the practice.
      await client.query(
        `INSERT INTO "ConsultationPlace" (id, "practitionerId", name, "addressLine", postcode, commune, departement, "createdAt")
         SELECT bench.uuid('place', -1), $1, p.name, p."addressLine", p.postcode, p.commune, p.departement, now() FROM "Practice" p WHERE p.id = $2
         ON CONFLICT DO NOTHING`,
        [claire.id, claire.practiceId],
      );
      await client.query(
        `INSERT INTO "OpeningRange" (id, "practitionerId", "placeId", weekday, "startMinute", "endMinute", "consultationTypes")
         SELECT gen_random_uuid(), $1, bench.uuid('place', -1), w, r.s, r.e, '{CABINET}' FROM generate_series(1, 5) w, (VALUES (510, 720), (840, 1110)) r(s, e)`,
        [claire.id],
      );
      fixtures.agendaAddedByBench = true;
    }
    const hasMotif =
      Number(
        (
          await client.query(
            `SELECT count(*) AS c FROM "Motif" WHERE "practitionerId" = $1 AND active AND 'CABINET' = ANY ("consultationTypes")`,
            [claire.id],
          )
        ).rows[0].c,
      ) > 0;
    if (!hasMotif) {
      await client.query(
        `INSERT INTO "Motif" (id, "practitionerId", label, "durationMinutes", "consultationTypes", "openToNewPatients", "bookableOnline", "createdAt")
         VALUES (bench.uuid('motif', -1), $1, 'Consultation', $2, '{CABINET}', true, true, now())`,
        [claire.id, claire.slotMinutes],
      );
      fixtures.agendaAddedByBench = true;
    }
    // Patients 1..2000 become patients of the practice (staff may only book those).
    const patientPool = Math.min(2_000, settings.patients);
    await client.query(
      `INSERT INTO "CareRelationship" (id, "patientId", "practitionerId", since, source)
       SELECT gen_random_uuid(), bench.uuid('patient', n), $1, now(), 'DECLARATION' FROM generate_series(1, $2::int) n
       ON CONFLICT DO NOTHING`,
      [claire.id, patientPool],
    );
    fixtures.patientIds = (
      await client.query(
        `SELECT bench.uuid('patient', n)::text AS id FROM generate_series(1, $1::int) n`,
        [patientPool],
      )
    ).rows.map((r) => r.id);

    const attached = Math.min(
      settings.bookingPractitioners,
      settings.practitioners,
    );
    await client.query(
      `UPDATE "Practitioner" SET "practiceId" = $1, "updatedAt" = now() WHERE id IN (SELECT id FROM bench.practitioner WHERE n <= $2)`,
      [claire.practiceId, attached],
    );
    await client.query(
      `INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role, since)
       SELECT gen_random_uuid(), $1, account_id, 'PRACTITIONER', now() FROM bench.practitioner WHERE n <= $2 ON CONFLICT DO NOTHING`,
      [claire.practiceId, attached],
    );
    // More secretaries of the practice: copies of the demo secretary's account
    // (same password hash and sealed TOTP secret, so the same credentials log
    // them in), each with its own session in the booking scenarios.
    const extraSecretaries = Math.max(0, settings.bookingSessions - 1);
    await client.query(
      `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "passwordHash", "passwordChangedAt", "totpSecretSealed", "totpEnabledAt", "createdAt", "updatedAt")
       SELECT bench.uuid('secretary', n), 'bench.secretary.' || n || '@passerelle.bench', s.audience, s.role, 'ACTIVE', 'Secrétaire ' || n,
              s."passwordHash", s."passwordChangedAt", s."totpSecretSealed", s."totpEnabledAt", now(), now()
       FROM "Account" s CROSS JOIN generate_series(1, $2::int) n WHERE s.email = $1
       ON CONFLICT DO NOTHING`,
      [secretaryEmail, extraSecretaries],
    );
    await client.query(
      `INSERT INTO "PracticeMembership" (id, "practiceId", "accountId", role, since)
       SELECT gen_random_uuid(), $1, bench.uuid('secretary', n), 'SECRETARY', now() FROM generate_series(1, $2::int) n
       ON CONFLICT DO NOTHING`,
      [claire.practiceId, extraSecretaries],
    );
    fixtures.secretaryEmails = [
      secretaryEmail,
      ...Array.from(
        { length: extraSecretaries },
        (_, i) => `bench.secretary.${i + 1}@passerelle.bench`,
      ),
    ];
    // Free grid slots of those practitioners, from 2 h ahead to 30 days ahead,
    // checked against the real appointments and blocks, in random order.
    await client.query(`DROP TABLE IF EXISTS bench.free_slot`);
    // Probing the appointment index per slot beats hashing millions of appointments.
    await client.query('BEGIN');
    try {
      await client.query(
        'SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off',
      );
      await client.query(
        `CREATE UNLOGGED TABLE bench.free_slot AS
       SELECT row_number() OVER (ORDER BY bench.rnd(hashtext(p.id::text || s.starts_at::text), 77)) AS seq,
              p.id::text AS practitioner_id, p.place_id::text AS place_id, bench.uuid('motif', p.n * 10 + 1)::text AS motif_id,
              s.starts_at, s.starts_at + make_interval(mins => p.slot_minutes) AS ends_at
       FROM bench.practitioner p
       JOIN bench.hours_profile h ON h.profile = p.profile
       JOIN bench.day d ON d.isodow = h.weekday
       CROSS JOIN LATERAL (
         SELECT (d.day + make_interval(mins => g.minute)) AT TIME ZONE 'Europe/Paris' AS starts_at
         FROM generate_series(h.start_minute, h.end_minute - p.slot_minutes, p.slot_minutes) AS g(minute)
       ) s
       WHERE p.n <= $1 AND d.day_index <= 30
         AND s.starts_at > now() + interval '2 hours'
         AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."practitionerId" = p.id AND a.status <> 'CANCELLED'
                           AND a."startsAt" > s.starts_at - interval '1 day' AND a."startsAt" < s.starts_at + make_interval(mins => p.slot_minutes) AND a."endsAt" > s.starts_at)
         AND NOT EXISTS (SELECT 1 FROM "AgendaBlock" b WHERE b."practitionerId" = p.id AND b."waivedAt" IS NULL
                           AND b."startsAt" < s.starts_at + make_interval(mins => p.slot_minutes) AND b."endsAt" > s.starts_at)`,
        [attached],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    fixtures.freeSlots = Number(
      (await client.query(`SELECT count(*) AS c FROM bench.free_slot`)).rows[0]
        .c,
    );
    fixtures.attachedPractitioners = attached;
    log(
      `  booking fixtures: demo practice ${claire.practiceId}, Dr Martin ${claire.id}${fixtures.agendaAddedByBench ? ' (agenda added by the bench)' : ''}, ${attached} practitioners attached, ${fixtures.secretaryEmails.length} secretaries, ${fixtures.freeSlots.toLocaleString('en-US')} free slots listed, ${patientPool} patients of the practice`,
    );
    return { status: 'ok', ...fixtures };
  } finally {
    client.release();
  }
}
