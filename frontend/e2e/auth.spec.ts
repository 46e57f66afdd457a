import { expect, test } from './fixtures';
import { PASSWORD, SESSION_KEY, expectSignInPage, screenshot, signIn } from './helpers';

test('a wrong password shows "Incorrect e-mail or password." and stays on sign-in', async ({ page }) => {
  await page.goto('/sign-in');
  await expectSignInPage(page);
  await page.getByLabel('E-mail address').fill('governor.kestrellane@larkspur.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByLabel('Password').press('Enter');

  const live = page.locator('[aria-live="assertive"]');
  await expect(live).toHaveText('Incorrect e-mail or password.');
  await expectSignInPage(page);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Password')).toBeFocused();
  expect(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull();
  await screenshot(page, 'sign-in-wrong-password');
});

test('the sign-in form can be completed and submitted with the keyboard only', async ({ page }) => {
  await page.goto('/sign-in');
  await expectSignInPage(page);

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail address')).toBeFocused();
  await page.keyboard.type('trust.leader@larkspur.example');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  const submit = page.getByRole('button', { name: 'Sign in', exact: true });
  await expect(submit).toBeFocused();
  // The focus ring is visible, not just present.
  const ring = await submit.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).toBe('solid');
  await screenshot(page, 'sign-in-keyboard-focus');
  await page.keyboard.press('Enter');

  // A trust leader lands on the trust dashboard.
  await expect(page).toHaveURL(/\/trusts\/\d+\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Trust dashboard' })).toBeVisible();

  // The first Tab on an app page reaches the skip link; it moves focus to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // And the school links can be followed from the keyboard.
  const first = page.getByRole('link', { name: 'Bramblewood Primary School' });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Bramblewood Primary School' })).toBeVisible();
});

test('an invalid stored session returns to sign-in with the session-expired message', async ({ page }) => {
  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Trust dashboard' })).toBeVisible();

  // Both tokens are now worthless: the refresh is refused, so the session is over.
  await page.evaluate((key) => {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    sessionStorage.setItem(key, JSON.stringify({ ...stored, accessToken: 'corrupt.access.token', refreshToken: 'corrupt-refresh' }));
  }, SESSION_KEY);
  await page.reload();

  await expectSignInPage(page);
  await expect(page.getByText('Your session has expired; please sign in again.')).toBeVisible();
  expect(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull();
  await screenshot(page, 'sign-in-session-expired');

  // Signing in again goes back to where the person was.
  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page).toHaveURL(/\/trusts\/\d+\/dashboard$/);
});

test('a session that ends while the app is open returns to sign-in on the next click', async ({ page }) => {
  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('link', { name: 'Kestrel Lane Primary Academy' })).toBeVisible();
  await page.evaluate((key) => {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    sessionStorage.setItem(key, JSON.stringify({ ...stored, accessToken: 'x', refreshToken: 'y' }));
  }, SESSION_KEY);
  await page.getByRole('link', { name: 'Kestrel Lane Primary Academy' }).click();
  await expectSignInPage(page);
  await expect(page.getByText('Your session has expired; please sign in again.')).toBeVisible();

  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Kestrel Lane Primary Academy' })).toBeVisible();
});

test('an expired access token is renewed once with the refresh token, and the page still loads', async ({ page }) => {
  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page.getByRole('heading', { level: 1, name: 'Trust dashboard' })).toBeVisible();
  const before = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{}'), SESSION_KEY);

  // The access token's time is up (as after 15 minutes).
  await page.evaluate((key) => {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    sessionStorage.setItem(key, JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }));
  }, SESSION_KEY);
  const grants: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/auth/token')) grants.push(request.postData() ?? '');
  });
  await page.reload();

  const schools = page.getByRole('table', { name: /% at or above ARE now/ }).getByRole('row', { name: /Bramblewood|Kestrel Lane|Otterbrook/ });
  await expect(schools).toHaveCount(3);
  expect(grants).toHaveLength(1);
  expect(grants[0]).toContain('grant_type=refresh_token');
  const after = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{}'), SESSION_KEY);
  expect(after.refreshToken).not.toBe(before.refreshToken); // rotated
  expect(after.expiresAt).toBeGreaterThan(Date.now());
});

test('too many failed sign-ins show the server’s lock-out message', async ({ page }) => {
  await page.goto('/sign-in');
  const live = page.locator('[aria-live="assertive"]');
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await page.getByLabel('E-mail address').fill('external.adviser@larkspur.example');
    await page.getByLabel('Password').fill(`wrong-${attempt}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(live).toHaveText('Incorrect e-mail or password.');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  }
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(live).toHaveText(/^Too many failed sign-ins for this account from your address; try again in \d+ minutes\.$/);
  await expectSignInPage(page);
});

test('an unreachable server is reported on the sign-in page', async ({ page }) => {
  await page.route('**/api/v1/auth/token', (route) => route.abort('connectionrefused'));
  await signIn(page, 'trust.leader@larkspur.example');
  await expect(page.locator('[aria-live="assertive"]')).toHaveText(
    'Termwise cannot reach its server; try again shortly.',
  );
  await expectSignInPage(page);
});
