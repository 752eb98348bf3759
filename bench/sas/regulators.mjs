// Logged-in regulator sessions for the benchmarks (bench:sas, bench:cluster).
import { Session } from '../agenda/lib/http.mjs';

export const REGULATOR = { email: 'julien.moreau@regulation.passerelle.demo', password: 'Passerelle-Demo-2026!', totpSecret: 'PASSERELLEDEMOTOTPSECRET234567AB' };

/** Regulator accounts copied from the demo one (same password hash and sealed TOTP secret), logged in. */
export async function regulators(db, http, count) {
  await db.query(
    `INSERT INTO "Account" (id, email, audience, role, status, "displayName", "passwordHash", "passwordChangedAt", "totpSecretSealed", "totpEnabledAt", "updatedAt")
     SELECT gen_random_uuid(), 'bench.regulateur.' || n || '@regulation.passerelle.bench', audience, role, status, 'Régulateur ' || n, "passwordHash", "passwordChangedAt", "totpSecretSealed", "totpEnabledAt", now()
       FROM "Account", generate_series(1, $2::int) AS n WHERE email = $1 AND audience = 'PRO'
     ON CONFLICT DO NOTHING`,
    [REGULATOR.email, count - 1],
  );
  const emails = [REGULATOR.email, ...Array.from({ length: count - 1 }, (_, i) => `bench.regulateur.${i + 1}@regulation.passerelle.bench`)];
  const sessions = [];
  for (let i = 0; i < emails.length; i += 8) {
    sessions.push(
      ...(await Promise.all(
        emails.slice(i, i + 8).map(async (email) => {
          const session = new Session(http);
          await session.loginPro({ ...REGULATOR, email });
          // Regulator privileges open only through the SAS platform's link (origin=sas).
          const entry = await session.request('GET', '/api/sas/rendez-vous?origin=sas');
          if (entry.status !== 303) throw new Error(`SAS entry of ${email}: HTTP ${entry.status}`);
          return session;
        }),
      )),
    );
  }
  return sessions;
}

