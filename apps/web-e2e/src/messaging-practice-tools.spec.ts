import { readFile } from 'node:fs/promises';
import { devices, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DemoAccount } from '../../../tools/test/demo-accounts';
import { expect, test } from './support/fixtures';
import { logIn } from './support/log-in';

/** Élodie Faure: a demo patient of Dr Martin no other journey signs in as (each journey owns its patient's threads and keys). */
const ELODIE: DemoAccount = { ...DEMO_ACCOUNTS.patient, key: 'elodie', email: 'elodie.faure@exemple.fr' };
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** Her first visit to messaging creates her key and shows the recovery kit once. */
async function toMyPractitioners(patient: Page): Promise<void> {
  await patient.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes praticiens' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Votre kit de secours' })).toBeVisible({ timeout: 30_000 });
  await patient.getByRole('button', { name: /J’ai conservé mon kit/ }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Mes praticiens' })).toBeVisible();
}

test('the practice sets its answer delay, the patient sees it, writes, archives, exports decrypted; the doctor assigns to the secretary', async ({ browser }) => {
  test.setTimeout(240_000);
  const marker = `Question-${Date.now()}`;
  const attachment = pdf(`attestation-${Date.now()}`);

  // The doctor's first visit to messaging creates her keys and the practice's; then the settings.
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.practitioner);
  await doctor.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Messagerie' }).click();
  await expect(doctor.getByRole('heading', { level: 1, name: 'Messagerie du cabinet' })).toBeVisible({ timeout: 30_000 });
  await doctor.getByRole('link', { name: 'Réglages de la messagerie' }).click();
  await expect(doctor.getByRole('heading', { level: 1, name: 'Paramètres du cabinet' })).toBeVisible();
  await expect(doctor.getByRole('navigation', { name: 'Paramètres du cabinet' }).getByRole('link', { name: 'Messagerie' })).toHaveAttribute('aria-current', 'page');
  await expect(doctor.getByLabel('Mes patients peuvent m’écrire')).toBeChecked();
  // Out of range: refused under the field, nothing saved.
  await doctor.getByLabel('Délai de réponse habituel (jours ouvrés)').fill('45');
  await doctor.getByRole('button', { name: 'Enregistrer les réglages' }).click();
  await expect(doctor.getByText('Délai de réponse : 30 jours au plus.')).toBeVisible();
  await expect(doctor.getByLabel('Délai de réponse habituel (jours ouvrés)')).toBeFocused();
  await doctor.getByLabel('Délai de réponse habituel (jours ouvrés)').fill('4');
  await doctor.getByLabel('Nombre maximal (1 à 50)').fill('5');
  await doctor.getByRole('button', { name: 'Enregistrer les réglages' }).click();
  await expect(doctor.getByRole('status').filter({ hasText: 'Réglages de la messagerie enregistrés.' })).toBeFocused();
  // Read back from the API (a reload would lock the in-memory keys, so: away and back).
  const settingsNav = doctor.getByRole('navigation', { name: 'Paramètres du cabinet' });
  await settingsNav.getByRole('link', { name: 'Horaires' }).click();
  await settingsNav.getByRole('link', { name: 'Messagerie' }).click();
  await expect(doctor.getByLabel('Délai de réponse habituel (jours ouvrés)')).toHaveValue('4');
  await expect(doctor.getByLabel('Nombre maximal (1 à 50)')).toHaveValue('5');

  // The patient opens a new request: the usual answer delay and the limit are shown before she writes.
  // On a phone.
  const patient = await (await browser.newContext({ ...devices['Pixel 7'] })).newPage();
  await logIn(patient, ELODIE);
  await toMyPractitioners(patient);
  await expect(patient.getByText('Réponse habituelle sous 4 jours ouvrés.')).toBeVisible();
  await patient.getByRole('link', { name: /Écrire à Dr Claire Martin/ }).click();
  await expect(patient.getByTestId('answer-delay')).toContainText('Réponse habituelle sous 4 jours ouvrés.');
  await expect(patient.getByTestId('answer-delay')).toContainText('Ce cabinet accepte 5 nouvelles conversations par patient et par semaine');
  await patient.getByLabel('J’ai compris').check();
  await patient.getByLabel('Question administrative').check();
  await patient.getByLabel('Votre message').fill(marker);
  await patient.getByLabel(/Photo ou PDF/).setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: attachment });
  await patient.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Question administrative' })).toBeVisible({ timeout: 30_000 });
  await expect(patient.getByTestId('message-text').first()).toHaveText(marker);

  // She archives it from the thread: the status says where it went and takes the focus.
  await patient.getByRole('button', { name: 'Archiver cette conversation' }).click();
  await expect(patient.getByRole('status').filter({ hasText: 'Conversation archivée.' })).toBeFocused();
  await patient.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes messages' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Mes messages' })).toBeVisible({ timeout: 30_000 });
  await expect(patient.getByTestId('patient-thread').filter({ hasText: 'Question administrative' })).toHaveCount(0);
  await patient.getByRole('navigation', { name: 'Mes conversations' }).getByRole('link', { name: 'Archivées' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Conversations archivées' })).toBeVisible();
  const archived = patient.getByTestId('patient-thread').filter({ hasText: 'Question administrative' });
  await expect(archived).toHaveCount(1);
  // Brought back, then archived again from the list.
  await archived.getByRole('button', { name: 'Remettre dans « En cours »' }).click();
  await expect(patient.getByRole('status').filter({ hasText: 'Conversation remise dans « En cours ».' })).toBeFocused();
  await expect(archived).toHaveCount(0);
  await patient.getByRole('navigation', { name: 'Mes conversations' }).getByRole('link', { name: 'En cours' }).click();
  await patient.getByTestId('patient-thread').filter({ hasText: 'Question administrative' }).getByRole('button', { name: 'Archiver' }).click();
  await expect(patient.getByRole('status').filter({ hasText: 'Conversation archivée.' })).toBeFocused();

  // The export: decrypted and verified in the browser, archived threads included, the PDF inside.
  await patient.getByRole('navigation', { name: 'Mes conversations' }).getByRole('link', { name: 'Exporter mes conversations' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Exporter mes conversations' })).toBeVisible({ timeout: 30_000 });
  await expect(patient.getByLabel('Inclure les pièces jointes (photos, PDF)')).toBeChecked();
  await patient.getByRole('button', { name: 'Exporter mes conversations' }).click();
  await expect(patient.getByRole('status').filter({ hasText: /Export prêt : \d+ conversations?, \d+ messages?, 1 pièce jointe\. Toutes les signatures ont été vérifiées\./ })).toBeVisible({ timeout: 60_000 });
  const link = patient.getByRole('link', { name: /Enregistrer le fichier/ });
  await expect(link).toBeFocused();
  const download = patient.waitForEvent('download');
  await link.press('Enter');
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^mes-conversations-passerelle-\d{4}-\d{2}-\d{2}\.html$/);
  const html = await readFile(await saved.path(), 'utf8');
  expect(html).toContain(marker);
  expect(html).toContain('Question administrative — Dr Claire Martin');
  expect(html).toContain('archivée');
  expect(html).toContain('Signature de l’expéditeur vérifiée.');
  expect(html).not.toContain('signature de ce message n’est pas valide');
  expect(html).toContain(`data:application/pdf;base64,${attachment.toString('base64')}`);
  expect(html).not.toContain('BEGIN PGP MESSAGE');

  // The doctor assigns the thread to the secretary and filters the inbox by assignee.
  await doctor.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Messagerie' }).click();
  const row = doctor.getByTestId('inbox-thread').filter({ hasText: 'Faure — Question administrative' });
  await expect(row.first()).toBeVisible({ timeout: 20_000 });
  await row.first().getByRole('link').click();
  await expect(doctor.getByText(marker)).toBeVisible({ timeout: 20_000 });
  await doctor.getByLabel('Attribuer à').selectOption({ label: 'Sophie Lefèvre (secrétariat)' });
  await doctor.getByRole('button', { name: 'Attribuer', exact: true }).click();
  await expect(doctor.getByRole('status').filter({ hasText: 'Attribution enregistrée : Sophie Lefèvre.' })).toBeFocused();
  await expect(doctor.getByTestId('assignee')).toHaveText('Attribuée à Sophie Lefèvre.');
  await doctor.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Messagerie' }).click();
  await doctor.getByLabel('Assignée à').selectOption({ label: 'Sophie Lefèvre (secrétariat)' });
  await doctor.getByRole('button', { name: 'Filtrer' }).click();
  await expect(doctor.getByTestId('inbox-thread').filter({ hasText: 'Faure' })).toHaveCount(1);
  await expect(doctor.getByTestId('inbox-thread').first().getByTestId('inbox-assignee')).toHaveText('Attribuée à Sophie Lefèvre.');
  await doctor.getByLabel('Assignée à').selectOption({ label: 'Moi' });
  await doctor.getByRole('button', { name: 'Filtrer' }).click();
  await expect(doctor.getByTestId('inbox-thread').filter({ hasText: marker })).toHaveCount(0);
  await expect(doctor.getByTestId('inbox-thread').filter({ hasText: 'Faure — Question administrative' })).toHaveCount(0);
});
