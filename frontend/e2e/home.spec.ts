import { expect, test } from './fixtures';
import { openSchool, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const TEACHER = 'niamh.bramblewood@larkspur.example';

test('a head teacher lands on what needs attention, and each figure clicks through to the page behind it', async ({ page }) => {
  await signIn(page, HEAD);
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  const school = page.getByRole('region', { name: /Bramblewood Primary School/ });
  const reading = school.getByRole('row', { name: /^Reading/ });
  await expect(reading).toContainText(/\d+(\.\d)?%/);
  await expect(school.getByRole('heading', { name: 'Newly stuck or falling behind' })).toBeVisible();
  await reading.getByRole('link', { name: 'Reading' }).click();
  await expect(page).toHaveURL(/\/tracking\?subject=reading/);
  await expect(page.getByRole('table').first()).toBeVisible();

  await page.goBack();
  await school.getByRole('link', { name: /falling behind and \d+ stuck/ }).click();
  await expect(page).toHaveURL(/\/tracking\/flags\?flag=concerns/);
  await expect(page.getByRole('table').first()).toBeVisible();

  await page.goBack();
  const newly = school.getByRole('heading', { name: 'Newly stuck or falling behind' }).locator('xpath=following-sibling::ul[1]').getByRole('link').first();
  const [first] = (await newly.innerText()).trim().split(' ');
  await newly.click();
  await expect(page).toHaveURL(/\/pupils\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(first!) })).toBeVisible();
});

test('the school page is the head teacher’s home for that school, above the pages it links to', async ({ page }) => {
  await openSchool(page, HEAD);
  const attention = page.getByRole('region', { name: /What needs attention/ });
  await expect(attention.getByRole('row', { name: /^Combined/ })).toContainText(/\d+(\.\d)?%/);
  await expect(page.getByRole('navigation', { name: 'Tracking' })).toBeVisible();
  await attention.getByRole('link', { name: /^category (A|B|C1|C2|D)$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk category' })).toBeVisible();
});

test('a class teacher lands on their class’s flags and links to its tracker', async ({ page }) => {
  await signIn(page, TEACHER);
  const classes = page.getByRole('region', { name: 'Your classes' });
  await expect(classes).toContainText(/Kestrels: \d+ falling behind, \d+ stuck/);
  await classes.getByRole('link', { name: 'Kestrels' }).click();
  await expect(page).toHaveURL(/\/classes\/\d+\/tracking/);
});
