import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ApiClient } from '../../../tools/test/http-client';
import { DEMO_ACCOUNTS, DemoAccount } from '../../../tools/test/demo-accounts';
import { freshTotpCode } from '../../../tools/test/totp';

/**
 * Issue 4's journey: a SAS regulator logs in, searches slots, books one for
 * a patient through the funnel with an attachment (upload progress), finds
 * it in "Mes réservations"; the practitioner then opens the appointment —
 * flagged SAS with the regulator's name — reads the message and downloads
 * the attachment. The practitioner's agenda is open while the regulator
 * books: the appointment appears live (socket.io), without a reload.
 */
async function logIn(page: Page, account: DemoAccount, heading = account.homeHeading): Promise<void> {
  await page.goto('/connexion');
  await page.getByRole('radio', { name: account.spaceLabel }).check();
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (account.totpSecret) {
    await page.getByLabel('Code de vérification').fill(await freshTotpCode(account.email, account.totpSecret));
    await page.getByRole('button', { name: 'Valider' }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

const PDF = Buffer.from('%PDF-1.4\n% Compte rendu de consultation (test)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let benaliId = '';

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
  await regulator.getByLabel(/Pièces jointes/).setInputFiles({ name: 'ecg.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(regulator.getByText('Envoyé')).toBeVisible();
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
  const [download] = await Promise.all([doctor.waitForEvent('download'), doctor.getByRole('link', { name: 'ecg.pdf' }).click()]);
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
