import { expect, test } from './support/fixtures';
import { ALL_DEMO_ACCOUNTS } from '../../../tools/test/demo-accounts';
import { freshTotpCode } from '../../../tools/test/totp';

// Each account logs in once per run: a TOTP code is accepted once per
// account (replay protection), and freshTotpCode waits for a new window if needed.
for (const account of ALL_DEMO_ACCOUNTS) {
  test(`${account.key} (${account.email}) logs in, reaches "${account.homeHeading}" and logs out`, async ({ page }) => {
    await page.goto('/connexion');
    await page.getByRole('radio', { name: account.spaceLabel }).check();
    await page.getByLabel('Adresse e-mail').fill(account.email);
    await page.getByLabel('Mot de passe').fill(account.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    if (account.totpSecret) {
      const code = page.getByLabel('Code de vérification');
      await expect(code).toBeVisible();
      await code.fill(await freshTotpCode(account.email, account.totpSecret));
      await page.getByRole('button', { name: 'Valider' }).click();
    }

    await expect(page.getByRole('heading', { level: 1, name: account.homeHeading })).toBeVisible();

    const logout = page.getByRole('button', { name: 'Se déconnecter' }).or(page.getByRole('link', { name: 'Se déconnecter' }));
    await logout.first().click();
    await expect(page.getByRole('heading', { level: 1, name: account.homeHeading })).toBeHidden();
    // The session is gone server-side, not just hidden in the UI.
    expect((await page.request.get('/api/auth/session')).status()).toBe(401);
  });
}
