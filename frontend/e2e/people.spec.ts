import { expect, test } from './fixtures';
import { openSchool, screenshot } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';

test('a head teacher invites a class teacher, who accepts with a password and is signed in; deactivated, their next click is refused', async ({
  page,
  browser,
}) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByText('Loading the people…')).toHaveCount(0);

  const stamp = Date.now();
  const email = `supply.${stamp}@larkspur.example`;
  await page.getByLabel('Full name').fill('Sunita Supply');
  await page.getByLabel('Their e-mail address').fill(email);
  await page.getByLabel('Role').selectOption('class_teacher');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Invited Sunita Supply as class teacher.' })).toBeVisible();
  const link = (await page.getByTestId('invitation-link').innerText()).trim();
  await expect(page.getByRole('region', { name: 'Invitations waiting' })).toContainText(email);
  await screenshot(page, 'people-invited');

  // The invited person, in their own browser.
  const theirs = await browser.newContext({ baseURL: new URL(link).origin });
  const them = await theirs.newPage();
  await them.goto(new URL(link).pathname);
  await expect(them.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
  await expect(them.getByText(/has invited Sunita Supply/)).toContainText('Class teacher');
  await them.getByLabel('Choose a password').fill('short');
  await them.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(them.getByRole('alert')).toContainText('The password must be at least');
  await them.getByLabel('Choose a password').fill('willow-lantern-harbour-2026');
  await them.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(them.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(them.getByText('Sunita Supply')).toBeVisible();

  // The head deactivates the account from the person's page.
  await page.reload();
  await page.getByRole('link', { name: 'Sunita Supply' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sunita Supply' })).toBeVisible();
  await page.getByRole('button', { name: 'Deactivate the account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deactivated Sunita Supply' })).toBeVisible();
  await expect(page.locator('table.person-audit')).toContainText('update users');
  await screenshot(page, 'people-person');

  // Their next click finds the session over.
  await them.getByRole('link', { name: 'Bramblewood Primary School' }).click();
  await expect(them.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await theirs.close();
});

test('the sign-in page offers a password reset that answers the same for any address', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByLabel('E-mail address').fill('nobody.at.all@larkspur.example');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If nobody.at.all@larkspur.example has a Termwise account');
});
