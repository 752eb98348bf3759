import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount } from '../../../tools/test/demo-accounts';
import { expect, test } from './support/fixtures';
import { logIn } from './support/log-in';

/**
 * Issue 5, forgotten password and the encrypted history: a patient writes to
 * her doctor, who answers; she forgets her password, resets it from the e-mailed one-time link
 * (read in the embedded outbox, as an administrator does), then restores her
 * messaging with the printed recovery kit and reads the old messages again.
 * Jeanne Bernard is a demo patient no other journey signs in as.
 */
const jeanne: DemoAccount = {
  key: 'jeanne',
  email: 'jeanne.bernard@exemple.fr',
  password: DEMO_PASSWORD,
  role: 'PATIENT',
  space: 'patient',
  spaceLabel: 'Espace patient',
  homeHeading: 'Mon espace patient',
};
const NEW_PASSWORD = 'tilleul-horizon-cerisier-2031';
const MESSAGE = `Bonjour docteur, pouvez-vous renouveler mon traitement ? (${Date.now()})`;
const REPLY = 'Bonjour, je vous prépare l’ordonnance.';

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });

test('a patient resets her forgotten password, restores her messaging with the recovery kit and reads an old message', async ({ browser }) => {
  test.setTimeout(180_000);

  // Her doctor's messaging is open (her keys and the practice's exist).
  const doctor = await (await browser.newContext()).newPage();
  await logIn(doctor, DEMO_ACCOUNTS.practitioner);
  await menu(doctor).getByRole('link', { name: 'Messagerie' }).click();
  await expect(doctor.getByRole('heading', { level: 1, name: 'Messagerie du cabinet' })).toBeVisible({ timeout: 30_000 });

  // Before: Jeanne signs in, her key and recovery kit are created; she keeps the kit and writes to her doctor.
  const before = await (await browser.newContext()).newPage();
  await logIn(before, jeanne);
  await menu(before).getByRole('link', { name: 'Mes praticiens' }).click();
  await expect(before.getByRole('heading', { level: 1, name: 'Votre kit de secours' })).toBeVisible({ timeout: 30_000 });
  const kit = ((await before.getByTestId('recovery-secret').textContent()) ?? '').trim();
  expect(kit).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await before.getByRole('button', { name: /J’ai conservé mon kit/ }).click();
  await before.getByRole('link', { name: /Écrire à Dr Claire Martin/ }).click();
  await before.getByLabel('J’ai compris').check();
  await before.getByLabel('Médicaments à renouveler').fill('Levothyrox 50 µg');
  await before.getByLabel('Votre message').fill(MESSAGE);
  await before.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(before.getByTestId('message-text').first()).toHaveText(MESSAGE, { timeout: 30_000 });
  await before.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await before.context().close();

  // The doctor answers.
  const row = doctor.getByTestId('inbox-thread').filter({ hasText: 'Bernard' }).first();
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole('link').click();
  await expect(doctor.getByText(MESSAGE)).toBeVisible({ timeout: 20_000 });
  await doctor.getByLabel('Votre message').fill(REPLY);
  await doctor.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(doctor.getByTestId('message-text').last()).toHaveText(REPLY, { timeout: 20_000 });
  await doctor.context().close();

  // She forgot her password: "Mot de passe oublié ?" on the login page, on her phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await expect(page.getByLabel('Adresse e-mail')).toBeFocused();
  await expect(page.getByText('Saisissez votre adresse e-mail.')).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill(jeanne.email);
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await expect(page.getByRole('status')).toContainText(`Si un compte correspond à ${jeanne.email}`);
  await expect(page.getByRole('status')).toBeFocused();

  // The e-mail, in the embedded outbox an administrator reads.
  const admin = await (await browser.newContext()).newPage();
  await logIn(admin, DEMO_ACCOUNTS.admin);
  const mail = admin.getByRole('listitem').filter({ hasText: jeanne.email }).filter({ hasText: 'Réinitialisation de votre mot de passe' }).first();
  await expect(async () => {
    await admin.goto('/admin/e-mails');
    await expect(mail).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await mail.getByText('Lire le message').click();
  const text = (await mail.locator('pre').textContent()) ?? '';
  const link = /https?:\/\/\S+\/reinitialiser-mot-de-passe\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link).toBeTruthy();
  const path = new URL(link ?? '').pathname;

  // The link: a new password, typed twice.
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeVisible();
  await expect(page.getByText(jeanne.email)).toBeVisible();
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill('autre chose');
  await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
  await expect(page.getByText('Les deux mots de passe sont différents.')).toBeVisible();
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Votre mot de passe a été modifié.');

  // She signs in with it; her messaging asks for the recovery kit.
  await logIn(page, { ...jeanne, password: NEW_PASSWORD });
  await menu(page).getByRole('link', { name: 'Mes messages' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rétablir ma messagerie' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Vos anciens messages restent lisibles par votre cabinet médical, mais plus par vous')).toBeVisible();
  // A mistyped kit is refused, in an alert.
  await page.getByLabel('Code de secours').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
  await page.getByRole('button', { name: 'Rétablir avec mon kit' }).click();
  await expect(page.getByRole('alert')).toContainText('Code de secours incorrect', { timeout: 20_000 });
  // Typed from paper: lower case, spaces instead of dashes.
  await page.getByLabel('Code de secours').fill(kit.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: 'Rétablir avec mon kit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes messages' })).toBeVisible({ timeout: 30_000 });

  // The old messages read again (hers and the doctor's answer); their signatures check.
  await page.getByRole('link', { name: /Renouvellement d'ordonnance — Dr Claire Martin/ }).first().click();
  await expect(page.getByTestId('message-text').first()).toHaveText(MESSAGE, { timeout: 30_000 });
  await expect(page.getByTestId('message-text').last()).toHaveText(REPLY);
  await expect(page.getByTestId('signature-warning')).toHaveCount(0);

  // Next time, the new password opens her messaging directly.
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await logIn(page, { ...jeanne, password: NEW_PASSWORD });
  await menu(page).getByRole('link', { name: 'Mes messages' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes messages' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('link', { name: /Renouvellement d'ordonnance — Dr Claire Martin/ }).first()).toBeVisible();
});

test('a password change on the security page re-protects the messaging key: the new password opens it next time', async ({ browser }) => {
  test.setTimeout(120_000);
  const hugo: DemoAccount = { ...jeanne, key: 'hugo', email: 'hugo.morel@exemple.fr' };
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await logIn(page, hugo);
  await menu(page).getByRole('link', { name: 'Mes messages' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Votre kit de secours' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /J’ai conservé mon kit/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes messages' })).toBeVisible();

  await menu(page).getByRole('link', { name: 'Sécurité du compte' }).click();
  await page.getByLabel('Mot de passe actuel').fill(hugo.password);
  await page.getByRole('button', { name: 'Confirmer mon identité' }).click();
  await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Votre mot de passe a été modifié.' })).toBeVisible({ timeout: 20_000 });

  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await logIn(page, { ...hugo, password: NEW_PASSWORD });
  await menu(page).getByRole('link', { name: 'Mes messages' }).click();
  // Neither the unlock page nor the recovery page: the key opened with the new password.
  await expect(page.getByRole('heading', { level: 1, name: 'Mes messages' })).toBeVisible({ timeout: 30_000 });
});
