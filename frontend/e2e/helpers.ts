import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'larkspur-demo-2026';
export const SESSION_KEY = 'termwise.session';

export const LARKSPUR_SCHOOLS = [
  'Bramblewood Primary School',
  'Kestrel Lane Primary Academy',
  'Otterbrook Church of England Primary School',
];
export const OTHER_TRUST_SCHOOL = 'Saltmarsh Community Primary School';

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in and waits for the home one lands on: a trust leader's trust dashboard, anyone
 * else's "What needs your attention". */
export async function signInHome(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await expect(page.getByRole('heading', { level: 1, name: /^(What needs your attention|Trust dashboard)$/ })).toBeVisible();
}

/** Signs in and opens the list of one's schools from the main navigation. */
export async function openSchools(page: Page, email: string): Promise<void> {
  await signInHome(page, email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^(Schools|Your school)$/ })).toBeVisible();
}

/** Signs in as a member of staff and opens their school's page; returns the school's id. */
export async function openSchool(page: Page, email: string, school = LARKSPUR_SCHOOLS[0]!): Promise<number> {
  await openSchools(page, email);
  await page.getByRole('main').getByRole('link', { name: school, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: school })).toBeVisible();
  const id = /\/schools\/(\d+)$/.exec(page.url())?.[1];
  expect(id, 'the school id in the address').toBeTruthy();
  return Number(id);
}

/** The school names in the schools table, in the order shown. */
export async function schoolNames(page: Page): Promise<string[]> {
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  return table.locator('tbody tr th[scope="row"]').allInnerTexts();
}

export async function expectSignInPage(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveTitle('Sign in – Termwise');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
