import type { Page } from '@playwright/test';
import { apiToken } from './api';
import { expect, test } from './fixtures';
import { screenshot, signIn } from './helpers';

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

test('a trust leader pauses the school account from Trust setup, so the sign-in page stops offering it; an edit from a stale read is refused', async ({
  page,
  browser,
  request,
}) => {
  const token = await apiToken(request, LEADER);
  const auth = { Authorization: `Bearer ${token}` };
  const trusts = (await (await request.get('/api/v1/trusts', { headers: auth })).json()) as { items: { id: number; name: string }[] };
  const larkspur = trusts.items.find((t) => t.name === 'Larkspur Learning Trust')!;
  const made = await request.post(`/api/v1/trusts/${larkspur.id}/identity-providers`, {
    headers: auth,
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
  try {
    await signIn(page, LEADER);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.goto(`/setup/trusts/${larkspur.id}`);
    const accounts = page.getByRole('region', { name: 'School accounts' });
    await accounts.getByRole('button', { name: 'Change' }).click();
    const editor = accounts.getByRole('form', { name: /^Change Larkspur/ });
    await editor.getByLabel('E-mail domains').fill('larkspur.example, larkspur-staff.example');
    await editor.getByLabel('Offered at sign-in').uncheck();
    await screenshot(page, 'school-account-change');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await expect(accounts.getByRole('status')).toContainText('not offered at sign-in until turned back on');
    await expect(accounts.getByRole('listitem')).toContainText('for larkspur-staff.example, larkspur.example — not offered at sign-in');

    // Someone signing in now is offered passwords only.
    const visitor = await browser.newPage();
    await visitor.goto('/sign-in');
    await expect(visitor.getByLabel('E-mail address')).toBeVisible();
    await expect(visitor.getByRole('button', { name: 'Sign in with Larkspur accounts' })).toHaveCount(0);
    await visitor.close();

    // Opened here, changed elsewhere meanwhile: saving says so and offers their version.
    await accounts.getByRole('button', { name: 'Change' }).click();
    await expect(editor.getByLabel('Shown as')).toHaveValue('Larkspur accounts');
    const read = await request.get(`/api/v1/identity-providers/${providerId}`, { headers: auth });
    const elsewhere = await request.patch(`/api/v1/identity-providers/${providerId}`, {
      headers: { ...auth, 'If-Match': read.headers()['etag']! },
      data: { display_name: 'Larkspur staff accounts' },
    });
    expect(elsewhere.status()).toBe(200);
    await editor.getByLabel('Offered at sign-in').check();
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await expect(editor.getByRole('alert')).toContainText('Someone else changed this provider since you opened it.');
    await editor.getByRole('button', { name: 'Load their changes' }).click();
    await expect(editor.getByLabel('Shown as')).toHaveValue('Larkspur staff accounts');
  } finally {
    await request.delete(`/api/v1/identity-providers/${providerId}`, { headers: auth });
  }
});
