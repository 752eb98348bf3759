import { defineConfig, devices } from '@playwright/test';
import { join } from 'node:path';

/**
 * Browser journeys against the built API serving the built web app, started
 * on a fresh database by the global setup. Chromium is Debian's
 * (/usr/bin/chromium): Playwright's own browser download is unreachable on
 * our build machines, so never `npx playwright install`.
 */
const workspaceRoot = join(__dirname, '..', '..');
const resultsDir = join(workspaceRoot, 'tmp', 'test-results');

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.spec.ts',
  globalSetup: './src/support/global-setup.mjs',
  outputDir: join(resultsDir, 'web-e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env['CI'],
  retries: process.env['CI'] ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: join(resultsDir, 'e2e-web.json') }],
  ],
  use: {
    // Set by the global setup before the workers start.
    baseURL: process.env['PASSERELLE_E2E_BASE_URL'],
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    // Fail fast when the page never shows what a step waits for.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
});
