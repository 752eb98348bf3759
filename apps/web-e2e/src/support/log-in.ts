import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { DemoAccount } from '../../../../tools/test/demo-accounts';
import { freshTotpCode } from '../../../../tools/test/totp';

/** Logs a demo account in through the login page (second factor included) and waits for its home (or for `heading`). */
export async function logIn(page: Page, account: DemoAccount, heading: string | RegExp = account.homeHeading): Promise<void> {
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
