import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';
import { apiToken } from './api';
import { expect, test } from './fixtures';
import { screenshot, signIn } from './helpers';

const REGISTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gias_register.csv');
const ADMIN = 'platform.admin@larkspur.example';
const LEADER = 'trust.leader@larkspur.example';

/** A trust of its own for a test, so the demo trust's schools and calendar stay as they are. */
async function newTrust(request: APIRequestContext, name: string): Promise<number> {
  const token = await apiToken(request, ADMIN);
  const response = await request.post('/api/v1/trusts', { headers: { Authorization: `Bearer ${token}` }, data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

test('a platform administrator creates a trust from Trust setup', async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust setup' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trust setup' })).toBeVisible();
  const name = `Heathland Academies Trust ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Companies House number (optional)').fill('09876543');
  await page.getByRole('button', { name: 'Create the trust' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Created the trust “${name}”.` })).toBeVisible();
  await expect(page.getByRole('link', { name })).toBeVisible();

  // A second trust of the same name is refused in words.
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create the trust' }).click();
  await expect(page.getByRole('alert')).toContainText('already held by the trust');
});

test('a trust leader is offered the setup of their own trust only', async ({ page }) => {
  await signIn(page, LEADER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust setup' }).click();
  await expect(page.getByRole('link', { name: 'Larkspur Learning Trust' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Northfleet Schools Partnership' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create the trust' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Larkspur Learning Trust' }).click();
  await expect(page.getByRole('link', { name: 'Bramblewood Primary School' })).toBeVisible();
});

test('a trust leader sees everyone in the trust, invites a data officer, and withdraws the invitation while it waits', async ({ page }) => {
  await signIn(page, LEADER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust setup' }).click();
  await page.getByRole('link', { name: 'Larkspur Learning Trust' }).click();
  const people = page.getByRole('region', { name: 'People', exact: true });
  // The trust's own leader and the schools' staff alike.
  await expect(people.getByRole('row').filter({ hasText: LEADER })).toContainText('Trust leader (Larkspur Learning Trust)');
  await expect(people.getByRole('row').filter({ hasText: 'head.teacher.bramblewood@larkspur.example' })).toContainText(
    'Head teacher (Bramblewood Primary School)',
  );

  const email = `data.${Date.now()}@larkspur.example`;
  await page.getByLabel('Full name').fill('Dana Data');
  await page.getByLabel('Their e-mail address').fill(email);
  await page.getByLabel('Role').selectOption('data_officer');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invited Dana Data as data officer.' })).toBeVisible();
  const waiting = page.getByRole('region', { name: 'Invitations waiting' });
  await expect(waiting).toContainText(`Dana Data (${email}), data officer at Larkspur Learning Trust`);
  await screenshot(page, 'trust-people');
  await waiting.getByRole('button', { name: `Withdraw the invitation to ${email}` }).click();
  await expect(page.getByText(email)).toHaveCount(0);

  // A person's page leads back to the trust's setup.
  await people.getByRole('link', { name: 'Catherine Larchmont' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Catherine Larchmont' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Trust setup' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Larkspur Learning Trust' })).toBeVisible();
});

test('a new trust gets a school by hand and two from the DfE register, skipping a closed one', async ({ page, request }) => {
  const name = `Register Test Trust ${Date.now()}`;
  const trustId = await newTrust(request, name);
  await signIn(page, ADMIN);
  // Signed in (the app has its tokens) before going straight to a page.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`/setup/trusts/${trustId}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Loading the schools…')).toHaveCount(0);

  // A URN of the wrong shape is named beside the field.
  await page.getByLabel('URN', { exact: true }).fill('12345');
  await page.getByLabel('LAESTAB').fill('9963001');
  await page.getByLabel('School name').fill('Foxglove Primary School');
  await page.getByRole('button', { name: 'Add the school', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('URN', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('URN', { exact: true }).fill('996301');
  await page.getByRole('button', { name: 'Add the school', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added Foxglove Primary School.' })).toBeVisible();
  const schools = page.locator('table.trust-schools tbody');
  await expect(schools.getByRole('link', { name: 'Foxglove Primary School' })).toBeVisible();

  await page.getByLabel('Register file (CSV)').setInputFiles(REGISTER);
  await page.getByRole('button', { name: 'Import the schools' }).click();
  const result = page.locator('.register-result');
  await expect(result).toContainText('3 added, 0 updated, 0 unchanged, 1 skipped.');
  await expect(result.locator('tr').filter({ hasText: 'Old Mill Infant School' })).toContainText('skipped: the register lists it as closed');
  await expect(schools.getByRole('link', { name: 'Sainte-Hélène Church of England Primary School' })).toBeVisible();
  await screenshot(page, 'setup-register-import');
});

test('a new trust starts a year from six half-termly points and is warned about workload', async ({ page, request }) => {
  const name = `Calendar Test Trust ${Date.now()}`;
  const trustId = await newTrust(request, name);
  await signIn(page, ADMIN);
  // Signed in (the app has its tokens) before going straight to a page.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`/setup/trusts/${trustId}`);
  await page.getByRole('link', { name: 'Assessment calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment calendar' })).toBeVisible();
  const years = page.getByLabel('Academic year');
  const last = await years.locator('option').last().getAttribute('value');
  await years.selectOption(last!);
  await expect(page.getByText(`No assessment points in ${last} yet.`)).toBeVisible();

  await page.getByLabel('Six half-termly points').check();
  await expect(page.getByText(/The DfE's workload advice is no more than 3 a year/)).toBeVisible();
  await page.getByRole('button', { name: 'Add these points' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added 6 assessment points to ${last}.` })).toBeVisible();
  await expect(page.locator('table.calendar-points tbody tr')).toHaveCount(6);
  // Six collections are allowed, with the warning kept on the page.
  await expect(page.getByRole('note')).toContainText('This year has 6 data collections');
  await screenshot(page, 'setup-calendar');
});
