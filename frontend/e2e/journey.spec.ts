// A trust's first day, on an empty database: from the platform administrator to a head teacher
// reading a grid of the results their MIS pushed. README "Setting up a trust" walks the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screenshot } from './helpers';
import { linkSentTo, mailboxDir } from './journey/mailbox';
import { freshUpn } from './upn';

const PORT = Number(process.env.E2E_PORT ?? 8765);
const ORIGIN = `http://127.0.0.1:${PORT + 1}`;
const PROVIDER = `http://127.0.0.1:${PORT + 3}`;
const MAILBOX = mailboxDir(PORT);
const REGISTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gias_register.csv');
const ADMIN = { email: 'admin@journey.example', password: 'first-day-of-term-2026' };
const LEADER = 'lena.leader@heathfield.example';
const HEAD = 'hamid.head@heathfield.example';

test.use({ baseURL: ORIGIN });
test.setTimeout(120_000);

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Opens an e-mailed invitation in a browser of its own, sets a password and is signed in. */
async function accept(browser: Browser, email: string, password: string): Promise<Page> {
  const link = await linkSentTo(MAILBOX, email, 'invitations');
  const context = await browser.newContext({ baseURL: ORIGIN });
  const page = await context.newPage();
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
  await page.getByLabel('Choose a password').fill(password);
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return page;
}

async function invite(page: Page, fullName: string, email: string, role: string): Promise<void> {
  await page.getByLabel('Full name').fill(fullName);
  await page.getByLabel('Their e-mail address').fill(email);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The invitation is on its way by e-mail.' })).toBeVisible();
}

test('an empty Termwise becomes a trust whose head teacher, signed in with a school account, reads a grid of the results their MIS pushed', async ({
  page,
  browser,
  request,
}) => {
  // The platform administrator creates the trust and invites its leader by e-mail.
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust setup' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Heathfield Learning Trust');
  await page.getByRole('button', { name: 'Create the trust' }).click();
  await page.getByRole('link', { name: 'Heathfield Learning Trust' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Heathfield Learning Trust' })).toBeVisible();
  await invite(page, 'Lena Leader', LEADER, 'trust_leader');

  // The leader accepts, adds the schools from the DfE register and sets this year's calendar.
  const leader = await accept(browser, LEADER, 'heath-and-heather-2026');
  await leader.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust setup' }).click();
  await leader.getByRole('link', { name: 'Heathfield Learning Trust' }).click();
  await leader.getByLabel('Register file (CSV)').setInputFiles(REGISTER);
  await leader.getByRole('button', { name: 'Import the schools' }).click();
  await expect(leader.locator('.register-result')).toContainText('3 added, 0 updated, 0 unchanged, 1 skipped.');
  // Staff sign in with the trust's own accounts: the leader registers its OpenID provider.
  await leader.getByLabel('Shown as').fill('Heathfield accounts');
  await leader.getByLabel('Issuer').fill(PROVIDER);
  await leader.getByLabel('Client id').fill('termwise');
  await leader.getByLabel('Client secret').fill('termwise-test-client-secret-0123456789');
  await leader.getByLabel('E-mail domains').fill('heathfield.example');
  await leader.getByRole('button', { name: 'Add the school account' }).click();
  await expect(leader.getByRole('status').filter({ hasText: 'Staff can now sign in with Heathfield accounts.' })).toBeVisible();
  await leader.getByRole('link', { name: 'Assessment calendar' }).click();
  await expect(leader.getByText(/No assessment points in .* yet\./)).toBeVisible();
  await leader.getByLabel('Three termly points (autumn, spring, summer)').check();
  await leader.getByRole('button', { name: 'Add these points' }).click();
  await expect(leader.locator('table.calendar-points tbody tr')).toHaveCount(3);

  // The leader invites the head teacher of one of the new schools.
  await leader.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schools' }).click();
  await leader.getByRole('link', { name: 'Heatherfield Primary Academy' }).click();
  await leader.getByRole('link', { name: 'People', exact: true }).click();
  await invite(leader, 'Hamid Head', HEAD, 'head_teacher');

  // The head accepts by signing in with their school account at the provider, and connects
  // the school's MIS.
  const link = await linkSentTo(MAILBOX, HEAD, 'invitations');
  const head = await (await browser.newContext({ baseURL: ORIGIN })).newPage();
  await head.goto(new URL(link).pathname);
  await head.getByRole('button', { name: 'Accept by signing in with Heathfield accounts' }).click();
  await expect(head).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
  await head.locator('input[name="login"]').fill(HEAD);
  await head.locator('input[name="password"]').fill('the-school-account-password');
  await head.locator('button[type="submit"]').click();
  await expect(head.locator('button[type="submit"]')).toBeVisible();
  await head.locator('button[type="submit"]').click();
  await expect(head.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(head.getByText('Head teacher – Heatherfield Primary Academy')).toBeVisible();
  await head.getByRole('link', { name: 'Heatherfield Primary Academy' }).click();
  const schoolId = Number(/\/schools\/(\d+)$/.exec(head.url())?.[1]);
  await head.getByRole('link', { name: 'Data connections' }).click();
  await head.getByLabel('Name', { exact: true }).fill('Heatherfield MIS');
  await head.getByRole('button', { name: 'Create the connection' }).click();
  const clientId = (await head.getByTestId('client-id').innerText()).trim();
  const secret = (await head.getByTestId('client-secret').innerText()).trim();

  // The MIS pushes six Year 3 pupils and their autumn reading results.
  const granted = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
  });
  expect(granted.status(), await granted.text()).toBe(200);
  const auth = { Authorization: `Bearer ${((await granted.json()) as { access_token: string }).access_token}` };
  const years = (await (await request.get('/api/v1/academic-years', { headers: auth })).json()) as { code: string; is_current: boolean }[];
  const year = years.find((y) => y.is_current)!.code;
  const results = ['Y3S', 'Y3S', 'Y3D', 'Y3E', 'Y3M', 'Y3S'];
  const pupils = results.map((_, i) => ({
    upn: freshUpn(),
    mis_id: `HF${i}`,
    legal_first_name: ['Asha', 'Ben', 'Cara', 'Dev', 'Elin', 'Finn'][i],
    legal_last_name: 'Heath',
    date_of_birth: '2018-03-0' + (i + 1),
    gender: i % 2 ? 'M' : 'F',
    year_group: 'Y3',
  }));
  const pushed = await request.post(`/api/v1/schools/${schoolId}/pupils/batch`, {
    headers: { ...auth, 'Idempotency-Key': 'journey-pupils-1' },
    data: { academic_year: year, pupils },
  });
  expect(pushed.status(), await pushed.text()).toBe(200);
  const marked = await request.post(`/api/v1/schools/${schoolId}/assessments/batch`, {
    headers: { ...auth, 'Idempotency-Key': 'journey-results-1' },
    data: {
      results: pupils.map((p, i) => ({ upn: p.upn, subject: 'reading', academic_year: year, point: 'aut', result: results[i] })),
    },
  });
  expect(marked.status(), await marked.text()).toBe(200);

  // The head sees the grid: six pupils in Year 3, and how many are at the expected standard.
  await head.goto(`/schools/${schoolId}`);
  await head.getByRole('link', { name: 'Whole-school grid' }).click();
  const grid = head.locator('table.tracking-grid');
  await expect(grid.locator('caption')).toContainText('Reading at');
  const cohort = grid.locator('tfoot tr').filter({ has: head.getByRole('rowheader', { name: 'Pupils', exact: true }) });
  await expect(cohort.getByRole('cell')).toContainText(['6']);
  await screenshot(head, 'journey-grid');
});
