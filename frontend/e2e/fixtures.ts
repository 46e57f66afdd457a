import { test as base, expect } from '@playwright/test';

/**
 * Every test also fails on a script error or a console error in the page (React warnings
 * included). The browser's own "Failed to load resource" lines for 401s and 404s that the
 * app handles are expected, so they are let through.
 */
export const test = base.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(`console error: ${message.text()}`);
        }
      });
      await use();
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
