import { readFile } from 'node:fs/promises';
import { DEMO_ACCOUNTS } from '../../../tools/test/demo-accounts';
import { expect, test } from './support/fixtures';
import { logIn } from './support/log-in';

/** A tiny real PNG (1×1) and a minimal PDF: the browser checks them by their first bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

test('a patient asks for a renewal with a photo; the doctor sees it live and renews with a PDF the patient opens', async ({ browser }) => {
  test.setTimeout(180_000);
  const prescription = pdf(`ordonnance-${Date.now()}`);

  // The doctor signs in: her keys and the practice's (created by the demo seed, as on a first visit) are unlocked on the way to the inbox.
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.practitioner);
  await doctor.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Messagerie' }).click();
  await expect(doctor.getByRole('heading', { level: 1, name: 'Messagerie du cabinet' })).toBeVisible({ timeout: 30_000 });

  // The patient signs in; her key is created, the recovery kit is shown once.
  const patient = await (await browser.newContext()).newPage();
  await logIn(patient, DEMO_ACCOUNTS.patient);
  await patient.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mes praticiens' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Votre kit de secours' })).toBeVisible({ timeout: 30_000 });
  await expect(patient.getByTestId('recovery-secret')).not.toBeEmpty();
  await expect(patient.getByRole('button', { name: 'Imprimer mon kit' })).toBeVisible();
  await patient.getByRole('button', { name: /J’ai conservé mon kit/ }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Mes praticiens' })).toBeVisible();
  await patient.getByRole('link', { name: /Écrire à Dr Claire Martin/ }).click();

  // The wizard: the emergency notice first, then medicines, message and the photo.
  await expect(patient.getByRole('note')).toContainText('114');
  await patient.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(patient.getByText('Confirmez avoir lu ce message avant d’écrire.')).toBeVisible();
  await patient.getByLabel('J’ai compris').check();
  await patient.getByLabel('Médicaments à renouveler').fill('Levothyrox 75 µg\nKardégic 75 mg');
  await patient.getByLabel('Votre message').fill('Bonjour docteur, voici ma demande de renouvellement.');
  // A file whose content is not what its name says is refused before encryption.
  await patient.getByLabel(/Photo ou PDF/).setInputFiles({ name: 'ordonnance.png', mimeType: 'image/png', buffer: Buffer.from('pas une image') });
  await expect(patient.getByText(/Seuls les fichiers PDF, JPEG ou PNG/)).toBeVisible();
  await patient.getByLabel(/Photo ou PDF/).setInputFiles({ name: 'ordonnance.png', mimeType: 'image/png', buffer: PNG });
  await patient.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Renouvellement d\'ordonnance' })).toBeVisible({ timeout: 30_000 });
  await expect(patient.getByTestId('message-text').first()).toHaveText('Bonjour docteur, voici ma demande de renouvellement.');

  // The doctor's inbox shows it live, unread; she opens it, sees the medicines and the photo.
  const row = doctor.getByTestId('inbox-thread').filter({ hasText: 'Durand' });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('unread')).toBeVisible();
  await row.getByRole('link').click();
  await expect(doctor.getByText('Levothyrox 75 µg')).toBeVisible({ timeout: 20_000 });
  await expect(doctor.getByTestId('signature-warning')).toHaveCount(0);
  await doctor.getByRole('button', { name: /Ouvrir la pièce jointe \(image\)/ }).click();
  await expect(doctor.getByTestId('attachment-image')).toBeVisible();

  await doctor.getByRole('button', { name: 'Me l’attribuer' }).click();
  await expect(doctor.getByText('Vous traitez cette conversation.')).toBeVisible();

  // She renews with the prescription as a PDF.
  await doctor.getByLabel(/Pièce jointe/).setInputFiles({ name: 'ordonnance.pdf', mimeType: 'application/pdf', buffer: prescription });
  await doctor.getByRole('button', { name: /Renouveler/ }).click();
  await expect(doctor.getByTestId('message-text').last()).toHaveText('Ordonnance renouvelée.', { timeout: 20_000 });

  // The patient's open thread receives it live, decrypts the PDF, checks it and downloads it.
  await expect(patient.getByTestId('message-text').last()).toHaveText('Ordonnance renouvelée.', { timeout: 20_000 });
  await expect(patient.getByTestId('signature-warning')).toHaveCount(0);
  await patient.getByRole('button', { name: /Ouvrir la pièce jointe \(PDF\)/ }).click();
  const download = patient.waitForEvent('download');
  await patient.getByTestId('attachment-link').click();
  const file = await (await download).path();
  expect(Buffer.compare(await readFile(file), prescription)).toBe(0);

  // The inbox filters: by patient name, by type, by state. The count line
  // ("N conversation(s)") appears only once the filtered list has loaded
  // (while loading it reads "Chargement…"), and consecutive expectations
  // alternate between 1 and 0 so that a stale list cannot satisfy one.
  await doctor.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Messagerie' }).click();
  const filter = async (patientName: string, type = 'Tous', state = 'Tous') => {
    await doctor.getByLabel('Patient').fill(patientName);
    await doctor.getByLabel('Type').selectOption({ label: type });
    await doctor.getByLabel('État').selectOption({ label: state });
    await doctor.getByRole('button', { name: 'Filtrer' }).click();
  };
  const expectListed = async (count: number) => {
    await expect(doctor.getByRole('status').filter({ hasText: 'conversation(s)' })).toHaveText(`${count} conversation(s)`);
    await expect(doctor.getByTestId('inbox-thread')).toHaveCount(count);
  };
  await filter('durand');
  await expectListed(1);
  await expect(doctor.getByTestId('inbox-thread').filter({ hasText: 'Durand' })).toHaveCount(1);
  await filter('Personne-Inconnue');
  await expectListed(0);
  // Renewed, the thread is closed.
  await filter('durand', "Renouvellement d'ordonnance", 'Clôturée');
  await expectListed(1);
  await filter('durand', 'Question administrative');
  await expectListed(0);
  await filter('durand', "Renouvellement d'ordonnance", 'Clôturée');
  await expectListed(1);
  await filter('durand', "Renouvellement d'ordonnance", 'En cours');
  await expectListed(0);
});
