import type { Page } from '@playwright/test';
import { apiToken } from './api';
import { expect, test } from './fixtures';
import { screenshot } from './helpers';

const PROVIDER = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 8765) + 3}`;
const LEADER = 'trust.leader@larkspur.example';
const HEAD = 'head.teacher.bramblewood@larkspur.example';

test('a head teacher signs in with the school account the trust set up, through a real OpenID provider', async ({
  page,
  request,
}) => {
  // The trust leader registers the provider (the web app's Trust setup does the same).
  const token = await apiToken(request, LEADER);
  const trusts = (await (await request.get('/api/v1/trusts', { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    items: { id: number; name: string }[];
  };
  const larkspur = trusts.items.find((t) => t.name === 'Larkspur Learning Trust')!;
  const made = await request.post(`/api/v1/trusts/${larkspur.id}/identity-providers`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      display_name: 'Larkspur accounts',
      issuer: PROVIDER,
      client_id: 'termwise',
      client_secret: 'termwise-test-client-secret-0123456789',
      allowed_domains: ['larkspur.example'],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const providerId = ((await made.json()) as { id: number }).id;
  // Removed afterwards: the other tests' sign-in page offers no school account.
  try {
    await signInWithSchoolAccount(page);
  } finally {
    await request.delete(`/api/v1/identity-providers/${providerId}`, { headers: { Authorization: `Bearer ${token}` } });
  }
});

async function signInWithSchoolAccount(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with Larkspur accounts' }).click();

  // At the provider: its own login form, then its consent form.
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
  await page.locator('input[name="login"]').fill(HEAD);
  await page.locator('input[name="password"]').fill('whatever-the-school-uses');
  await page.locator('button[type="submit"]').click();
  await expect(page.locator('button[type="submit"]')).toBeVisible();
  await page.locator('button[type="submit"]').click();

  // Back at Termwise, signed in as the head teacher.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByText('Head teacher – Bramblewood Primary School')).toBeVisible();
  await screenshot(page, 'school-account-signed-in');
}

test('coming back to the callback with a forged state says so and offers the way back', async ({ page }) => {
  await page.goto('/sign-in/callback?code=abc&state=not-one-we-issued');
  await expect(page.getByRole('alert')).toContainText('start again');
  await expect(page.getByRole('link', { name: 'Back to sign in' })).toBeVisible();
});
