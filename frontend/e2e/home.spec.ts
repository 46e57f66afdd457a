import { expect, test } from './fixtures';
import { signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const TEACHER = 'niamh.bramblewood@larkspur.example';

test('a head teacher’s home shows what needs attention, and a figure clicks through to the grid behind it', async ({ page }) => {
  await signIn(page, HEAD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  const school = page.getByRole('region', { name: /Bramblewood Primary School/ });
  const reading = school.getByRole('row', { name: /^Reading/ });
  await expect(reading).toContainText(/\d+(\.\d)?%/);
  await expect(school.getByRole('heading', { name: 'Newly stuck or falling behind' })).toBeVisible();
  await reading.getByRole('link', { name: 'Reading' }).click();
  await expect(page).toHaveURL(/\/tracking\?subject=reading/);
  await expect(page.getByRole('table').first()).toBeVisible();
});

test('a class teacher’s home shows their class’s flags and links to its tracker', async ({ page }) => {
  await signIn(page, TEACHER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  const classes = page.getByRole('region', { name: 'Your classes' });
  await expect(classes).toContainText(/Kestrels: \d+ falling behind, \d+ stuck/);
  await classes.getByRole('link', { name: 'Kestrels' }).click();
  await expect(page).toHaveURL(/\/classes\/\d+\/tracking/);
});
