import { randomUUID } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { logIn } from './support/log-in';
import { DEMO_ACCOUNTS } from '../../../tools/test/demo-accounts';
import { freshTotpCode } from '../../../tools/test/totp';

/**
 * Issue 4, regulator accounts: an administrator creates a "Régulateur"
 * account, reads the activation e-mail in the embedded outbox, the regulator
 * opens the one-time link, chooses a password and enrols the second factor;
 * the link then no longer works, and the administrator deactivates the account.
 */

test('an admin creates a regulator, who activates the account from the e-mailed one-time link', async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `regulateur-${randomUUID().slice(0, 8)}@regulation.test`;

  const admin = await (await browser.newContext()).newPage();
  await logIn(admin, DEMO_ACCOUNTS.admin);
  await admin.getByRole('link', { name: 'Comptes régulateurs SAS' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Comptes régulateurs SAS' })).toBeVisible();

  // Field-level errors first (accessible: described by their message).
  await admin.getByRole('button', { name: 'Créer et envoyer le lien' }).click();
  await expect(admin.getByLabel('Prénom')).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.getByLabel('Prénom')).toBeFocused();
  await expect(admin.getByText('Saisissez le prénom.')).toBeVisible();
  // A practitioner's e-mail is refused with the API's French message.
  await admin.getByLabel('Prénom').fill('Claire');
  await admin.getByLabel('Nom', { exact: true }).fill('Martin');
  await admin.getByLabel('Adresse e-mail').fill(DEMO_ACCOUNTS.practitioner.email);
  await admin.getByRole('button', { name: 'Créer et envoyer le lien' }).click();
  await expect(admin.getByRole('alert')).toContainText('compte séparé, avec une autre adresse e-mail');

  await admin.getByLabel('Prénom').fill('Nadia');
  await admin.getByLabel('Nom', { exact: true }).fill('Lemaire');
  await admin.getByLabel('Adresse e-mail').fill(email);
  await admin.getByRole('button', { name: 'Créer et envoyer le lien' }).click();
  await expect(admin.getByRole('status')).toContainText(`le lien d’activation (valable 72 heures) a été envoyé à ${email}`);
  const card = admin.getByRole('listitem').filter({ hasText: email });
  await expect(card).toContainText('Invitation envoyée');

  // The embedded outbox holds the e-mail with the link.
  await admin.goto('/admin/e-mails');
  const mail = admin.getByRole('listitem').filter({ hasText: email }).first();
  await expect(mail).toContainText('Votre compte régulateur Passerelle');
  await mail.getByText('Lire le message').click();
  const text = (await mail.locator('pre').textContent()) ?? '';
  const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link).toBeTruthy();
  const path = new URL(link ?? '').pathname;

  // The regulator opens the link on a phone-sized screen.
  const regulatorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const regulator = await regulatorContext.newPage();
  await regulator.goto(path);
  await expect(regulator.getByRole('heading', { level: 1, name: 'Activer mon compte régulateur' })).toBeVisible();
  await expect(regulator.getByText('« Régulateur »')).toBeVisible();
  await regulator.getByLabel('Mot de passe', { exact: true }).fill('Regulation-SAS-2026!x');
  await regulator.getByLabel('Confirmez le mot de passe').fill('autre chose');
  await regulator.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(regulator.getByText('Les deux mots de passe sont différents.')).toBeVisible();
  await regulator.getByLabel('Confirmez le mot de passe').fill('Regulation-SAS-2026!x');
  await regulator.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(regulator.getByRole('heading', { level: 1, name: 'Activer la double authentification' })).toBeVisible();
  const secret = ((await regulator.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
  await regulator.getByLabel('Code de vérification').fill(await freshTotpCode(email, secret));
  await regulator.getByRole('button', { name: 'Valider' }).click();
  await expect(regulator.getByRole('heading', { name: 'Vos codes de secours' })).toBeVisible();

  // The link does not work twice.
  const again = await (await browser.newContext()).newPage();
  await again.goto(path);
  await expect(again.getByRole('alert')).toContainText('Ce lien a déjà été utilisé');

  // The admin deactivates the account.
  await admin.goto('/admin/regulateurs');
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin.getByRole('listitem').filter({ hasText: email }).getByRole('button', { name: /Désactiver/ }).click();
  await expect(admin.getByRole('status')).toContainText('Le compte de Nadia Lemaire est désactivé.');
  await expect(admin.getByRole('listitem').filter({ hasText: email })).toContainText('Désactivé');
});
