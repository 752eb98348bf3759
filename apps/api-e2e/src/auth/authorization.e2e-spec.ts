import { ApiClient } from '../../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount } from '../../../../tools/test/demo-accounts';

/**
 * Each role is refused what it may not do — by role (403) and by record
 * (a patient outside one's care: 403) — and every refusal is audited.
 */
interface PatientView {
  id: string;
  birthName: string;
}

const login = async (account: DemoAccount) => {
  const client = new ApiClient();
  await client.loginAsDemo(account);
  return client;
};

describe('authorization by role and by record', () => {
  let anonymous: ApiClient;
  let patient: ApiClient;
  let practitioner: ApiClient;
  let secretary: ApiClient;
  let regulator: ApiClient;
  let admin: ApiClient;
  let untreated: ApiClient;
  let mariesId: string;
  let linasId: string;

  beforeAll(async () => {
    anonymous = new ApiClient();
    [patient, practitioner, secretary, regulator, admin] = await Promise.all([
      login(DEMO_ACCOUNTS.patient),
      login(DEMO_ACCOUNTS.practitioner),
      login(DEMO_ACCOUNTS.secretary),
      login(DEMO_ACCOUNTS.regulator),
      login(DEMO_ACCOUNTS.admin),
    ]);
    untreated = new ApiClient();
    await untreated.loginAs('lina.roux@exemple.fr', DEMO_PASSWORD);
    mariesId = (await patient.get<PatientView>('/api/patients/me')).body.id;
    linasId = (await untreated.get<PatientView>('/api/patients/me')).body.id;
  });

  const matrix: [string, string, Record<string, number>][] = [
    ['GET', '/api/practice/patients', { anonymous: 401, patient: 403, practitioner: 200, secretary: 200, regulator: 403, admin: 403 }],
    ['GET', '/api/admin/audit-events', { anonymous: 401, patient: 403, practitioner: 403, secretary: 403, regulator: 403, admin: 200 }],
    ['GET', '/api/patients/me', { anonymous: 401, patient: 200, practitioner: 403, secretary: 403, regulator: 403, admin: 403 }],
  ];

  it.each(matrix)('%s %s answers each role as it should', async (_method, path, expected) => {
    const clients: Record<string, ApiClient> = { anonymous, patient, practitioner, secretary, regulator, admin };
    const actual: Record<string, number> = {};
    for (const role of Object.keys(expected)) {
      actual[role] = (await clients[role].get(path)).status;
    }
    expect(actual).toEqual(expected);
  });

  it("gives practice staff the records of the practice's patients only", async () => {
    for (const staff of [practitioner, secretary]) {
      expect((await staff.get<PatientView>(`/api/patients/${mariesId}`)).body.birthName).toBe('DURAND');
      const refused = await staff.get<{ message: string }>(`/api/patients/${linasId}`);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe("Vous n'avez pas accès au dossier de ce patient.");
    }
    const listed = await secretary.get<{ patient: PatientView }[]>('/api/practice/patients');
    expect(listed.body.map((p) => p.patient.id)).toContain(mariesId);
    expect(listed.body.map((p) => p.patient.id)).not.toContain(linasId);
  });

  it("refuses a patient another patient's record, and regulators and admins any record", async () => {
    expect((await patient.get(`/api/patients/${linasId}`)).status).toBe(403);
    expect((await untreated.get(`/api/patients/${mariesId}`)).status).toBe(403);
    expect((await regulator.get(`/api/patients/${mariesId}`)).status).toBe(403);
    expect((await admin.get(`/api/patients/${mariesId}`)).status).toBe(403);
    expect((await patient.get(`/api/patients/${mariesId}`)).status).toBe(200);
  });

  it('answers malformed identifiers and queries with a French 400', async () => {
    const badId = await secretary.get<{ message: string }>('/api/patients/pas-un-identifiant');
    expect(badId.status).toBe(400);
    expect(badId.body.message).toBe('Identifiant de patient invalide.');
    const badQuery = await admin.get<{ fields: Record<string, string[]> }>('/api/admin/audit-events?limit=beaucoup');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.fields['limit']).toBeDefined();
  });

  it('writes refusals and health-data reads to the audit trail, with the patient concerned', async () => {
    await secretary.get(`/api/patients/${linasId}`);
    await practitioner.get(`/api/patients/${mariesId}`);
    const denied = await admin.get<{ action: string; result: string; patientId: string; actorRole: string }[]>(
      `/api/admin/audit-events?patientId=${linasId}&limit=50`,
    );
    expect(denied.body).toContainEqual(expect.objectContaining({ action: 'patient.identity.read', result: 'DENIED', patientId: linasId, actorRole: 'SECRETARY' }));
    const reads = await admin.get<{ action: string; result: string; actorRole: string }[]>(`/api/admin/audit-events?patientId=${mariesId}&limit=50`);
    expect(reads.body).toContainEqual(expect.objectContaining({ action: 'patient.identity.read', result: 'SUCCESS', actorRole: 'PRACTITIONER' }));
    const roleRefusals = await admin.get<{ result: string }[]>('/api/admin/audit-events?action=access.role-refused&limit=50');
    expect(roleRefusals.body.length).toBeGreaterThan(5);
    expect(roleRefusals.body.every((e) => e.result === 'DENIED')).toBe(true);
  });
});
