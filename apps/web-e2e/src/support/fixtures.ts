import { randomInt } from 'node:crypto';
import { BrowserContext, test as base } from '@playwright/test';

/**
 * Every browser context is a different person: the API (started with
 * TRUST_PROXY_HOPS=1, as behind the production reverse proxy) sees each
 * context at its own address, so the per-address throttle of credential
 * attempts (10 a minute) counts each person's logins, not the whole suite's.
 */
const asOwnClientAddress = (context: BrowserContext) =>
  context.setExtraHTTPHeaders({ 'x-forwarded-for': `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}` });

/**
 * `test` with the browser's uncaught errors and console errors collected; a
 * failed test prints them and attaches them to its report, so a blank page
 * in CI comes with its cause (e.g. "TypeError: … is not a function").
 */
export const test = base.extend<{ browserErrors: string[] }, { ownClientAddresses: void }>({
  context: async ({ context }, use) => {
    await asOwnClientAddress(context);
    await use(context);
  },
  ownClientAddresses: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const context = await newContext(...args);
        await asOwnClientAddress(context);
        return context;
      };
      await use();
    },
    { scope: 'worker', auto: true },
  ],
  browserErrors: [
    async ({ page }, use, testInfo) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
      });
      await use(errors);
      if (testInfo.status !== testInfo.expectedStatus && errors.length > 0) {
        const text = errors.join('\n');
        process.stderr.write(`\nBrowser errors during "${testInfo.title}":\n${text}\n`);
        await testInfo.attach('browser-errors', { body: text, contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
