import { expect, test } from './fixtures';
import {
  LARKSPUR_SCHOOLS,
  OTHER_TRUST_SCHOOL,
  SESSION_KEY,
  expectSignInPage,
  openSchool,
  openSchools,
  schoolNames,
  screenshot,
  signInHome,
} from './helpers';

test('a trust leader sees exactly the three Larkspur schools, not another trust’s, and signing out ends the session', async ({ page }) => {
  await openSchools(page, 'trust.leader@larkspur.example');

  await expect(page).toHaveURL(/\/schools$/);
  await expect(page).toHaveTitle('Schools – Termwise');
  const header = page.getByRole('banner');
  await expect(header).toContainText('Catherine Larchmont');
  await expect(header).toContainText('Trust leader');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schools' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  expect(await schoolNames(page)).toEqual(LARKSPUR_SCHOOLS);
  await expect(page.getByText(OTHER_TRUST_SCHOOL)).toHaveCount(0);
  const bramblewood = page.getByRole('row', { name: /Bramblewood Primary School/ });
  await expect(bramblewood).toContainText('990101');
  await expect(bramblewood).toContainText('9992101');
  await expect(bramblewood).toContainText('Primary');
  await screenshot(page, 'schools-trust-leader');

  // Open a school, then sign out from there.
  await page.getByRole('link', { name: 'Kestrel Lane Primary Academy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kestrel Lane Primary Academy' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectSignInPage(page);
  await expect(page.getByText('Your session has expired')).toHaveCount(0);
  expect(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull();

  // Back to the schools list, or straight to a page of the app: both need signing in again.
  await page.goBack();
  await expectSignInPage(page);
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.goto('/schools');
  await expectSignInPage(page);
  await page.goto('/schools/1');
  await expectSignInPage(page);
});

test('a trust leader can find a school by name', async ({ page }) => {
  await openSchools(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('table')).toBeVisible();
  await page.getByLabel('Find a school by name or URN').fill('kestrel');
  await page.getByLabel('Find a school by name or URN').press('Enter');
  await expect(page).toHaveURL(/\/schools\?q=kestrel$/);
  await expect.poll(() => schoolNames(page)).toEqual(['Kestrel Lane Primary Academy']);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(() => schoolNames(page)).toEqual(LARKSPUR_SCHOOLS);
});

test('a class teacher sees only their own school, and opening it shows its classes', async ({ page }) => {
  await openSchools(page, 'hollie.bramblewood@larkspur.example');

  await expect(page).toHaveURL(/\/schools$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your school' })).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header).toContainText('Hollie Brackenridge');
  await expect(header).toContainText('Class teacher');
  expect(await schoolNames(page)).toEqual(['Bramblewood Primary School']);
  await expect(page.getByText('Kestrel Lane Primary Academy')).toHaveCount(0);
  await expect(page.getByText(OTHER_TRUST_SCHOOL)).toHaveCount(0);

  await page.getByRole('link', { name: 'Bramblewood Primary School' }).click();
  await expect(page).toHaveURL(/\/schools\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Bramblewood Primary School' })).toBeVisible();
  await expect(page).toHaveTitle('Bramblewood Primary School – Termwise');
  await expect(page.getByText('URN')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '990101' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Classes in \d{4}\/\d{2}$/ })).toBeVisible();
  const robins = page.getByRole('row', { name: /Robins/ });
  await expect(robins).toContainText('Reception');
  await expect(robins).toContainText('Hollie Brackenridge');
  await screenshot(page, 'school-class-teacher');
});

test('a head teacher sees every class of their school, youngest first', async ({ page }) => {
  await openSchool(page, 'head.teacher.otterbrook@larkspur.example', 'Otterbrook Church of England Primary School');
  const rows = page.getByRole('table', { name: /^Classes at/ }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  expect(await rows.allInnerTexts()).toEqual([
    'Acorns\tReception and Year 1\tPhoebe Arkwright',
    'Beeches\tYear 2 and Year 3\tYusuf Calloway',
    'Cedars\tYear 4, Year 5 and Year 6\tRosalind Tarrant',
  ]);
  await screenshot(page, 'school-head-teacher');
});

test('a school that is not yours shows "not found", and an unknown page says so', async ({ page }) => {
  await signInHome(page, 'hollie.bramblewood@larkspur.example');
  await page.goto('/schools/999999');
  await expect(page.getByRole('heading', { level: 1, name: 'School not available' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('We could not find that page.');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Page not found – Termwise');
});

test('a server that cannot reach its database is reported plainly', async ({ page }) => {
  await openSchools(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('table')).toBeVisible();
  await page.route('**/api/v1/schools/*', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://termwise.org/problems/service-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is unavailable; try again shortly.',
      }),
    }),
  );
  await page.getByRole('link', { name: 'Otterbrook Church of England Primary School' }).click();
  await expect(page.getByRole('alert')).toContainText('Termwise cannot reach its server; try again shortly.');
  await screenshot(page, 'school-unreachable');
  await page.unroute('**/api/v1/schools/*');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Otterbrook Church of England Primary School' })).toBeVisible();
});
