import { expect, test } from './support/fixtures';
import { encryptFile } from '@passerelle/shared/crypto';
import { ApiClient } from '../../../tools/test/http-client';
import { DEMO_ACCOUNTS } from '../../../tools/test/demo-accounts';
import { logIn } from './support/log-in';

/**
 * Issue 4's journey: a SAS regulator logs in, searches slots, books one for
 * a patient through the funnel with an attachment — checked by content and
 * encrypted in the browser to the practice key, then sent with its progress —
 * and finds it in "Mes réservations"; the practitioner then opens the
 * appointment — flagged SAS with the regulator's name — reads the message,
 * unlocks the practice key and opens the decrypted attachment. The
 * practitioner's agenda is open while the regulator books: the appointment
 * appears live (socket.io), without a reload.
 */

const PDF = Buffer.from('%PDF-1.4\n% Compte rendu de consultation (test)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let benaliId = '';
// Literal paths: Playwright's transpiler cannot load the contracts library (decorators).
const MESSAGING_UNLOCK = '/messagerie/deverrouiller';
const REGULATION = (practitionerId: string) => `/api/regulation/practitioners/${practitionerId}`;

test.beforeAll(async () => {
  // Dr Benali's agenda, through the API: every day 08:00–20:00, "Soins non programmés" in the mornings.
  const practice = new ApiClient();
  await practice.loginAsDemo(DEMO_ACCOUNTS.secondPractitioner);
  const members = await practice.get<{ practitionerId: string | null; displayName: string }[]>('/api/practice/members');
  benaliId = members.body.find((m) => m.displayName.includes('Benali'))?.practitionerId ?? '';
  const settings = await practice.get<{ places: { id: string }[] }>(`/api/practitioners/${benaliId}/agenda/settings`);
  const days = [1, 2, 3, 4, 5, 6, 7];
  const placeId = settings.body.places[0].id;
  expect((await practice.put(`/api/practitioners/${benaliId}/agenda/hours`, { ranges: days.map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200, placeId, consultationTypes: ['CABINET', 'VIDEO'] })) })).status).toBe(200);
  expect(
    (await practice.post(`/api/practitioners/${benaliId}/motifs`, {
      label: 'Soins non programmés', durationMinutes: 30, consultationTypes: ['CABINET'], openToNewPatients: true, bookableOnline: false, isSnp: true,
      ranges: days.map((weekday) => ({ weekday, startMinute: 480, endMinute: 840 })),
    })).status,
  ).toBe(201);
});

test('a regulator books a slot with an attachment; the practitioner sees it flagged SAS and opens the attachment', async ({ browser }) => {
  test.setTimeout(180_000);

  // 1. The regulator searches around Lyon.
  const regulator = await (await browser.newContext()).newPage();
  await logIn(regulator, DEMO_ACCOUNTS.regulator, /Régulation SAS/);
  // Regulator privileges open only when the regulator comes from the SAS platform's link (origin=sas).
  await regulator.goto('/api/sas/rendez-vous?origin=sas');
  await expect(regulator.getByRole('heading', { name: 'Régulation SAS', level: 1 })).toBeVisible();
  await regulator.getByLabel('Profession / spécialité').selectOption({ label: 'Cardiologie et maladies vasculaires' });
  await regulator.getByLabel('Commune, code postal ou département').fill('69');
  await regulator.getByRole('button', { name: 'Rechercher' }).click();
  const card = regulator.getByRole('listitem').filter({ has: regulator.getByRole('heading', { name: 'Dr Karim Benali' }) });
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: /avec Dr Karim Benali/ }).first().click();

  // The practitioner has that day of the agenda open meanwhile.
  await expect(regulator).toHaveURL(/debut=/);
  const start = new URL(regulator.url()).searchParams.get('debut') ?? '';
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(start));
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.secondPractitioner);
  await doctor.goto(`/cabinet?vue=jour&jour=${day}`);
  await expect(doctor.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(doctor.getByText('SAS — Julien Moreau')).toHaveCount(0);
  let doctorNavigations = 0;
  doctor.on('framenavigated', (frame) => {
    if (frame === doctor.mainFrame()) doctorNavigations++;
  });

  // 2. The funnel: SNP pre-selected, identity, message, attachment with its progress.
  await expect(regulator.getByRole('heading', { name: /Réserver pour un patient — Dr Karim Benali/ })).toBeVisible();
  await expect(regulator.getByLabel('Motif de consultation').locator('option:checked')).toHaveText('Soins non programmés');
  await regulator.getByRole('radio', { name: 'Au cabinet' }).check();
  await regulator.getByRole('radio', { name: 'Non' }).check();
  await regulator.getByRole('radio', { name: 'Madame' }).check();
  await regulator.getByLabel('Prénom du patient').fill('Louise');
  await regulator.getByLabel('Nom du patient', { exact: true }).fill('Garnier');
  await regulator.getByLabel('Nom de naissance du patient').fill('Garnier');
  await regulator.getByLabel('Date de naissance du patient').fill('1948-03-02');
  await regulator.getByLabel('Commune de naissance (code INSEE)').fill('69123');
  // A wrong phone number first: refused under the field, nothing booked.
  await regulator.getByLabel('Téléphone du patient').fill('12 34');
  await regulator.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
  await expect(regulator.getByText('Numéro de téléphone invalide', { exact: false })).toBeVisible();
  await expect(regulator.getByLabel('Téléphone du patient')).toBeFocused();
  await regulator.getByLabel('Téléphone du patient').fill('06 45 37 26 53');
  await regulator.getByLabel(/Message à destination du praticien/).fill('Palpitations depuis ce matin, ECG du SAMU joint.');
  // A file whose content is not what its name says is refused before encryption; a real PDF is encrypted and sent.
  await regulator.getByLabel(/Pièces jointes/).setInputFiles({ name: 'radio.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ pas un PDF') });
  await expect(regulator.getByRole('alert').filter({ hasText: '« radio.pdf »' })).toContainText('Seuls les fichiers PDF, JPEG ou PNG');
  await regulator.getByRole('button', { name: 'Retirer radio.pdf' }).click();
  await regulator.getByLabel(/Pièces jointes/).setInputFiles({ name: 'ecg.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(regulator.getByText('Chiffré et envoyé')).toBeVisible();
  await regulator.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
  await expect(regulator.getByRole('heading', { name: 'Rendez-vous réservé' })).toBeVisible();
  await expect(regulator.getByText(/Rendez-vous de Louise GARNIER avec Dr Karim Benali/)).toBeVisible();
  await regulator.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes réservations' }).click();
  await expect(regulator.getByRole('link', { name: /Louise GARNIER/ })).toBeVisible();

  // 3. The practitioner's open agenda shows it live — flagged SAS with the regulator's name — then the message and attachment.
  await expect(doctor.getByText('SAS — Julien Moreau')).toBeVisible();
  await expect(doctor.getByRole('status').filter({ hasText: 'Nouveau rendez-vous réservé par la régulation SAS.' })).toBeVisible();
  expect(doctorNavigations).toBe(0);
  await doctor.getByRole('button', { name: /Louise GARNIER — Soins non programmés/ }).click();
  await expect(doctor.getByRole('heading', { name: /Réservé par la régulation/ })).toBeVisible();
  await expect(doctor.getByText('Palpitations depuis ce matin, ECG du SAMU joint.')).toBeVisible();
  // The attachment is encrypted for the practice: her keys are not unlocked in this tab (the agenda was loaded afresh), so she unlocks them.
  await doctor.getByRole('button', { name: 'Ouvrir « ecg.pdf »' }).click();
  await doctor.getByRole('link', { name: 'Déverrouiller ma messagerie' }).click();
  await expect(doctor.getByRole('heading', { level: 1, name: 'Déverrouiller ma messagerie' })).toBeVisible();
  await doctor.getByLabel('Mot de passe de votre compte').fill(DEMO_ACCOUNTS.secondPractitioner.password);
  await doctor.getByRole('button', { name: 'Déverrouiller' }).click();
  // Back on her agenda: she opens the appointment again, then the attachment, decrypted and checked in her browser.
  await doctor.getByRole('button', { name: /Louise GARNIER — Soins non programmés/ }).click();
  await doctor.getByRole('button', { name: 'Ouvrir « ecg.pdf »' }).click({ timeout: 30_000 });
  await expect(doctor.getByRole('link', { name: 'Aperçu de « ecg.pdf »' })).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([doctor.waitForEvent('download'), doctor.getByRole('link', { name: 'Télécharger « ecg.pdf »' }).click()]);
  expect(download.suggestedFilename()).toBe('ecg.pdf');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
});

test("a regulator following the SAS platform's link for one practitioner lands on that practitioner's slots and opens the funnel", async ({ browser }) => {
  test.setTimeout(120_000);
  const regulator = await (await browser.newContext()).newPage();
  await logIn(regulator, DEMO_ACCOUNTS.regulator, /Régulation SAS/);
  await regulator.goto(`/api/sas/rendez-vous?origin=sas&praticien=${benaliId}`);
  await expect(regulator).toHaveURL(new RegExp(`/regulation/praticiens/${benaliId}$`));
  await expect(regulator.getByRole('heading', { level: 1, name: 'Régulation SAS — créneaux du praticien' })).toBeVisible();
  await expect(regulator.getByRole('status')).toHaveText(/\d+ créneaux? ouverts? à la régulation dans les 48 heures\./);
  const card = regulator.getByRole('region', { name: 'Dr Karim Benali' });
  await expect(card.getByText('Cardiologie', { exact: false })).toBeVisible();
  await expect(regulator.getByText('Ce praticien ne participe pas au SAS', { exact: false })).toBeVisible();
  // Every slot shown is a morning "Soins non programmés" one; the first opens the funnel at that time.
  await expect(card.getByRole('link', { name: /avec Dr Karim Benali/ }).first()).toContainText('SNP');
  await card.getByRole('link', { name: /avec Dr Karim Benali/ }).first().click();
  await expect(regulator).toHaveURL(new RegExp(`/regulation/creneau/${benaliId}\\?debut=`));
  await expect(regulator.getByRole('heading', { name: /Réserver pour un patient — Dr Karim Benali/ })).toBeVisible();
  await expect(regulator.getByLabel('Motif de consultation').locator('option:checked')).toHaveText('Soins non programmés');

  // An unknown practitioner: a French message, no card.
  await regulator.goto('/regulation/praticiens/00000000-0000-4000-8000-000000000000');
  await expect(regulator.getByRole('alert')).toHaveText('Praticien introuvable.');
});

test('an attachment whose decrypted content is not its declared type is never shown to the practice', async ({ browser }) => {
  test.setTimeout(180_000);
  // A tampered upload the funnel would refuse: a PDF, encrypted to the practice key, declared and named as a PNG.
  const regulator = new ApiClient();
  await regulator.loginAsDemo(DEMO_ACCOUNTS.regulator);
  await regulator.enterFromSas();
  const key = await regulator.get<{ publicKey: string }>(`${REGULATION(benaliId)}/practice-key`);
  expect(key.status).toBe(200);
  const encrypted = await encryptFile(new Uint8Array(PDF), { recipients: [key.body.publicKey], signingKey: null });
  const form = new FormData();
  form.append('file', new Blob([encrypted as Uint8Array<ArrayBuffer>]), 'photo.png');
  const uploaded = await fetch(new URL(`${REGULATION(benaliId)}/attachments`, regulator.baseUrl), {
    method: 'POST',
    body: form,
    headers: { cookie: [...regulator.cookies].map(([n, v]) => `${n}=${v}`).join('; '), 'x-xsrf-token': regulator.cookies.get('XSRF-TOKEN') ?? '', 'x-attachment-type': 'image/png', accept: 'application/json' },
  });
  expect(uploaded.status).toBe(201);
  const attachment = (await uploaded.json()) as { id: string };
  const page = await regulator.get<{ slots: { start: string }[] }>(REGULATION(benaliId));
  const slot = page.body.slots[page.body.slots.length - 1];
  const funnel = await regulator.get<{ suggestedMotifId: string }>(`${REGULATION(benaliId)}/funnel?start=${encodeURIComponent(slot.start)}`);
  const booked = await regulator.post(
    '/api/regulation/bookings',
    {
      practitionerId: benaliId, start: slot.start, consultationType: 'CABINET', alreadyConsulted: false, motifId: funnel.body.suggestedMotifId, attachmentIds: [attachment.id],
      patient: { civility: 'M', firstName: 'Hugo', lastName: 'Perrin', birthName: 'Perrin', birthDate: '1961-04-12', phone: '06 11 22 33 44', birthPlace: { bornInFrance: true, communeInsee: '69123' } },
    },
    { headers: { 'Idempotency-Key': crypto.randomUUID() } },
  );
  expect(booked.status).toBe(201);

  // The practitioner unlocks her keys and opens it: decrypted, its content is a PDF, not a PNG — it is refused, not rendered.
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.secondPractitioner);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(slot.start));
  await doctor.goto(`${MESSAGING_UNLOCK}?retour=${encodeURIComponent(`/cabinet?vue=jour&jour=${day}`)}`);
  await doctor.getByLabel('Mot de passe de votre compte').fill(DEMO_ACCOUNTS.secondPractitioner.password);
  await doctor.getByRole('button', { name: 'Déverrouiller' }).click();
  await doctor.getByRole('button', { name: /Hugo PERRIN/ }).click();
  await doctor.getByRole('button', { name: 'Ouvrir « photo.png »' }).click();
  await expect(doctor.getByRole('alert').filter({ hasText: 'ne correspond pas à son type' })).toBeVisible({ timeout: 30_000 });
  await expect(doctor.getByTestId('sas-attachment-image')).toHaveCount(0);
  await expect(doctor.getByTestId('sas-attachment-download')).toHaveCount(0);
});
