import { test as base } from '@playwright/test';

/**
 * `test` with the browser's uncaught errors and console errors collected; a
 * failed test prints them and attaches them to its report, so a blank page
 * in CI comes with its cause (e.g. "TypeError: … is not a function").
 */
export const test = base.extend<{ browserErrors: string[] }>({
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
