import { expect, test } from './fixtures';
import { openSchool, screenshot } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';

test('a head teacher connects an MIS: the secret is shown once, works, is rotated with a grace period, and revoking ends it', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Data connections' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Data connections' })).toBeVisible();
  await expect(page.getByText('Loading the connections…')).toHaveCount(0);

  // A name is required.
  await page.getByRole('button', { name: 'Create the connection' }).click();
  await expect(page.getByRole('alert')).toHaveText('Give the connection a name, e.g. the name of your MIS.');

  const name = `Arbor MIS ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Kind').selectOption('mis');
  await page.getByRole('button', { name: 'Create the connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Created “${name}”.` })).toBeVisible();
  const clientId = (await page.getByTestId('client-id').innerText()).trim();
  const secret = (await page.getByTestId('client-secret').innerText()).trim();
  expect(secret.length).toBeGreaterThan(30);
  await screenshot(page, 'clients-secret-once');
  const row = page.locator('table.clients tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row).toContainText('Never');

  // The MIS signs in with it and pushes a pupil.
  const grant = async (s: string) =>
    request.post('/api/v1/auth/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: s } });
  const granted = await grant(secret);
  expect(granted.status(), await granted.text()).toBe(200);
  const token = ((await granted.json()) as { access_token: string }).access_token;
  const years = await request.get('/api/v1/academic-years', { headers: { Authorization: `Bearer ${token}` } });
  const year = ((await years.json()) as { code: string; is_current: boolean }[]).find((y) => y.is_current)!.code;
  const push = await request.post(`/api/v1/schools/${schoolId}/pupils/batch`, {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `clients-e2e-${Date.now()}` },
    data: {
      academic_year: year,
      pupils: [
        {
          mis_id: `E2E-${Date.now()}`,
          legal_first_name: 'Connie',
          legal_last_name: 'Nexion',
          date_of_birth: '2018-05-04',
          gender: 'F',
          year_group: 'Y3',
        },
      ],
    },
  });
  expect(push.status(), await push.text()).toBe(200);

  // The list now says when it was last used.
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByTestId('client-secret')).toHaveCount(0);
  await page.reload();
  await expect(row).not.toContainText('Never');

  // A new secret, the old one kept for 24 hours: both work.
  await row.getByRole('button', { name: `New secret for ${name}` }).click();
  await row.getByLabel('Keep the old secret working?').selectOption('24');
  await row.getByRole('button', { name: 'Make a new secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Gave “${name}” a new secret.` })).toBeVisible();
  await expect(page.getByText(/The old secret keeps working until/)).toBeVisible();
  const second = (await page.getByTestId('client-secret').innerText()).trim();
  expect(second).not.toBe(secret);
  expect((await grant(second)).status()).toBe(200);
  expect((await grant(secret)).status()).toBe(200);

  // Revoked: neither works, and the table says so.
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await row.getByRole('button', { name: 'Yes, revoke it' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Revoked “${name}”` })).toBeVisible();
  await expect(row.locator('.tag')).toHaveText('Revoked');
  const refused = await grant(second);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toBe('invalid_client');
  expect((await grant(secret)).status()).toBe(401);
  await screenshot(page, 'clients-revoked');
});

test('a class teacher is not offered data connections and the page says they may not see it', async ({ page }) => {
  const schoolId = await openSchool(page, 'niamh.bramblewood@larkspur.example');
  await expect(page.getByRole('link', { name: 'Data connections' })).toHaveCount(0);
  await page.goto(`/schools/${schoolId}/clients`);
  await expect(page.getByRole('alert').getByRole('heading', { name: 'No permission' })).toBeVisible();
});
