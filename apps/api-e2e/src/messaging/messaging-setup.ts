import { MESSAGING_ROUTES, MessagingPractitionerView, ThreadView } from '@passerelle/shared/contracts';
import { DEMO_ACCOUNTS, MessagingUser } from './messaging-user';

/** The API's error body (one exception filter for every refusal). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}

export interface Cast {
  claire: MessagingUser;
  karim: MessagingUser;
  sophie: MessagingUser;
  marie: MessagingUser;
  jeanne: MessagingUser;
  clairesPractitionerId: string;
  karimsPractitionerId: string;
}

/**
 * Signs everyone in, gives each a key pair (created in the "browser") and the
 * practice its key, shared with every member. Idempotent across spec files.
 */
export async function castWithKeys(): Promise<Cast> {
  const [claire, karim, sophie, marie, jeanne] = await Promise.all([
    MessagingUser.demo(DEMO_ACCOUNTS.practitioner),
    MessagingUser.demo(DEMO_ACCOUNTS.secondPractitioner),
    MessagingUser.demo(DEMO_ACCOUNTS.secretary),
    MessagingUser.demo(DEMO_ACCOUNTS.patient),
    MessagingUser.patient('jeanne.bernard@exemple.fr'),
  ]);
  await Promise.all([claire, karim, sophie, marie, jeanne].map((u) => u.ensureKey()));
  await claire.ensurePracticeKey();
  await claire.shareWithNewMembers();
  await Promise.all([karim.openPracticeKey(), sophie.openPracticeKey()]);
  // Tests open many threads; the weekly limit has its own test, which sets it.
  const unlimited = await sophie.http.put(MESSAGING_ROUTES.practiceSettings, { weeklyThreadLimit: null });
  if (unlimited.status !== 204) throw new Error(`settings: ${unlimited.status} ${unlimited.text}`);
  const practitioners = (await marie.http.get<MessagingPractitionerView[]>(MESSAGING_ROUTES.myPractitioners)).body;
  const byName = (name: string) => practitioners.find((p) => p.displayName.includes(name))?.practitionerId;
  const clairesPractitionerId = byName('Martin');
  const karimsPractitionerId = byName('Benali');
  if (!clairesPractitionerId || !karimsPractitionerId) throw new Error(`demo practitioners not found: ${JSON.stringify(practitioners)}`);
  return { claire, karim, sophie, marie, jeanne, clairesPractitionerId, karimsPractitionerId };
}

/** The patient opens a thread: fetches the keys from my-practitioners' thread recipients, encrypts, posts. */
export async function openThreadAsPatient(
  patient: MessagingUser,
  practitionerId: string,
  keys: { practitioner: string; practice: string },
  body: object,
  purpose: 'RENEWAL' | 'ADMINISTRATIVE' | 'DOCUMENT' = 'RENEWAL',
) {
  const encrypted = await patient.encryptTo([patient.key.publicKeyArmored, keys.practitioner, keys.practice], body);
  return patient.http.post<ThreadView>(MESSAGING_ROUTES.threads, { practitionerId, purpose, body: encrypted });
}

/** The same, for tests where opening must succeed. */
export async function openedThread(...args: Parameters<typeof openThreadAsPatient>): Promise<ThreadView> {
  const response = await openThreadAsPatient(...args);
  if (response.status !== 201) throw new Error(`opening a thread failed: ${response.status} ${response.text}`);
  return response.body;
}
