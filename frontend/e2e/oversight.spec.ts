import { expect, test } from './fixtures';
import { openSchool, screenshot } from './helpers';

const TRUST_LEADER = 'trust.leader@larkspur.example';
const HEAD = 'head.teacher.bramblewood@larkspur.example';

test('the trust leader sets a school’s category with a rationale beside what the data suggests, and the history keeps it', async ({ page }) => {
  await openSchool(page, TRUST_LEADER);
  await page.getByRole('link', { name: 'Risk category' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk category' })).toBeVisible();
  await expect(page.getByRole('region', { name: /^What the data suggests: (A|B|C1|C2|D)$/ }).getByRole('table')).toContainText('Combined % at ARE');
  const form = page.getByRole('form', { name: 'Set the category' });
  await form.getByLabel('Category').selectOption('C1');
  await form.getByRole('button', { name: 'Set the category' }).click();
  await expect(form.locator('.field__error')).toContainText('at least 1 character');
  await form.getByLabel('Rationale').fill('Writing has dipped; the new plan needs a term to bite');
  await form.getByRole('button', { name: 'Set the category' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Category C1' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem').first()).toContainText('Writing has dipped; the new plan needs a term to bite');
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await screenshot(page, 'risk-category');
});

test('a head teacher reads their school’s category but is not offered to set it', async ({ page }) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Risk category' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Category (A|B|C1|C2|D)$/ })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Set the category' })).toHaveCount(0);
});
