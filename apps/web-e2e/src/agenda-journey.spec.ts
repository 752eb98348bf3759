import { expect, test } from './support/fixtures';
import { logIn } from './support/log-in';
import { DEMO_ACCOUNTS } from '../../../tools/test/demo-accounts';

/**
 * Issue 3's journey: a practitioner sets her hours with a "Soins non
 * programmés" range and a motif, a patient finds her in the directory and
 * books, a secretary marks yesterday's unattended appointment as a no-show.
 */

const DAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];

test('a practitioner opens her agenda with an SNP range, a patient books, a secretary marks a no-show', async ({ browser }) => {
  test.setTimeout(180_000);

  // 1. The practitioner: hours every day 08:00–20:00, "Soins non programmés" on Monday's range, one motif.
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.practitioner);
  await doctor.goto('/cabinet/parametres/horaires');
  for (const day of DAYS) {
    const group = doctor.getByRole('group', { name: day, exact: true });
    await group.getByRole('button', { name: 'Ajouter une plage' }).click();
    const range = group.getByRole('group', { name: 'Plage 1' });
    await range.getByLabel('Début').fill('08:00');
    await range.getByLabel('Fin').fill('20:00');
    await range.getByRole('checkbox', { name: 'Au cabinet' }).check();
    if (day === 'Lundi') await range.getByRole('checkbox', { name: 'Soins non programmés' }).check();
  }
  await doctor.getByRole('button', { name: 'Enregistrer les horaires' }).click();
  await expect(doctor.getByText('Horaires enregistrés.')).toBeVisible();

  await doctor.goto('/cabinet/parametres/motifs');
  await expect(doctor.getByText('Soins non programmés').first()).toBeVisible();
  await doctor.getByRole('button', { name: 'Ajouter un motif' }).click();
  await doctor.getByLabel('Libellé').fill('Renouvellement d’ordonnance');
  await doctor.getByLabel('Durée (minutes)').fill('15');
  await doctor.getByRole('checkbox', { name: 'Au cabinet' }).check();
  await doctor.getByRole('checkbox', { name: 'Ouvert aux nouveaux patients' }).check();
  await doctor.getByRole('checkbox', { name: 'Réservable en ligne' }).check();
  await doctor.getByRole('button', { name: 'Enregistrer le motif' }).click();
  await expect(doctor.getByRole('button', { name: 'Modifier le motif Renouvellement d’ordonnance' })).toBeVisible();

  // 2. The patient finds her in the directory and books the first free slot.
  const patient = await (await browser.newContext()).newPage();
  await logIn(patient, DEMO_ACCOUNTS.patient);
  await patient.goto('/recherche');
  await patient.getByLabel('Spécialité').selectOption({ label: 'Médecine générale' });
  await patient.getByLabel('Commune, code postal ou département').fill('69003');
  await patient.getByRole('button', { name: 'Rechercher' }).click();
  await patient.getByRole('link', { name: /Prendre rendez-vous avec Dr Claire Martin/ }).click();
  await expect(patient.getByRole('heading', { name: /Prendre rendez-vous avec Dr Claire Martin/ })).toBeVisible();
  await patient.getByLabel('Motif de consultation').selectOption({ label: 'Renouvellement d’ordonnance' });
  const firstSlot = patient.getByRole('button', { name: /^\d{2}:\d{2} — / }).first();
  const slotName = (await firstSlot.textContent())?.trim();
  await firstSlot.click();
  await patient.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
  await expect(patient.getByRole('heading', { name: 'Rendez-vous confirmé' })).toBeVisible();
  expect(slotName).toBeTruthy();

  // 3. The secretary: yesterday's appointment that nobody attended becomes an "absence injustifiée".
  const secretary = await (await browser.newContext()).newPage();
  await logIn(secretary, DEMO_ACCOUNTS.secretary);
  const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() - 86_400_000));
  await secretary.goto(`/cabinet?vue=jour&jour=${yesterday}`);
  await secretary.getByText('Marie DURAND — Consultation').click();
  await secretary.getByRole('button', { name: 'Marquer absence injustifiée' }).click();
  await expect(secretary.getByText('Absence injustifiée').first()).toBeVisible();
  await secretary.getByRole('link', { name: 'Historique du patient' }).click();
  await expect(secretary.getByText(/1 absence injustifiée/)).toBeVisible();
});
