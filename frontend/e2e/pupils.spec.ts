import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { apiGet, apiToken, shownName, type ApiPupil } from './api';
import { expect, test } from './fixtures';
import { screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const TEACHER = 'hollie.bramblewood@larkspur.example';
const GOVERNOR = 'governor.bramblewood@larkspur.example';

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The rows of the pupils table, once it has loaded. */
async function pupilRows(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /pupils?\b/ })).toBeVisible();
  return page.locator('table.table--pupils tbody tr');
}

test('a head teacher finds a pupil by name and sees their enrolments and a chart per subject', async ({ page, request }) => {
  // A pupil of the school with results in the three core subjects, read from the API.
  const token = await apiToken(request, HEAD);
  const listed = await apiGet<{ items: ApiPupil[] }>(request, token, '/api/v1/pupils?limit=60');
  expect(listed.items.length).toBeGreaterThan(0);
  let pupil: ApiPupil | undefined;
  for (const candidate of listed.items.filter((p) => p.enrolment && p.enrolment.year_group !== 'R')) {
    const results = await apiGet<{ items: { subject: string }[] }>(
      request,
      token,
      `/api/v1/assessments?pupil_id=${candidate.id}&limit=500`,
    );
    const subjects = new Set(results.items.map((r) => r.subject));
    if (['reading', 'writing', 'maths'].every((s) => subjects.has(s))) {
      pupil = candidate;
      break;
    }
  }
  expect(pupil, 'a pupil with reading, writing and maths results').toBeTruthy();
  const name = shownName(pupil!);

  await signIn(page, HEAD);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Pupils' }).click();
  await expect(page).toHaveURL(/\/pupils$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pupils' })).toBeVisible();
  await expect(page).toHaveTitle('Pupils – Termwise');
  await expect(page.getByText(/On roll in \d{4}\/\d{2} · Bramblewood Primary School/)).toBeVisible();
  const rows = await pupilRows(page);
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Characteristics' })).toBeVisible();
  await screenshot(page, 'pupils-head-teacher');

  const search = page.getByLabel('Search by name or UPN');
  await search.fill(name);
  await search.press('Enter');
  await expect(page).toHaveURL(/\/pupils\?q=/);
  const link = page.getByRole('link', { name, exact: true });
  await expect(link).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `matching “${name}”` })).toBeVisible();
  // Every row found carries each word of the name (in the name shown or the legal name).
  const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const found = await page.locator('table.table--pupils tbody th').allInnerTexts();
  expect(found.length).toBeGreaterThan(0);
  for (const cell of found) {
    for (const word of fold(name).split(' ')) expect(fold(cell)).toContain(word);
  }
  await screenshot(page, 'pupils-search');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/pupils/${pupil!.id}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page).toHaveTitle(`${name} – Termwise`);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Pupils');

  // Details, with the UPN.
  if (pupil!.upn) await expect(page.getByText(pupil!.upn, { exact: true })).toBeVisible();

  // Enrolment history: this year's class and school at the top.
  const enrolments = page.getByRole('region', { name: 'Enrolment history' }).getByRole('table');
  await expect(enrolments).toBeVisible();
  const firstEnrolment = enrolments.locator('tbody tr').first();
  await expect(firstEnrolment).toContainText('Bramblewood Primary School');
  if (pupil!.enrolment?.class_name) await expect(firstEnrolment).toContainText(pupil!.enrolment.class_name);
  expect(await enrolments.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);

  // One chart per subject, each an accessible figure with an SVG image and a table fallback.
  const assessments = page.getByRole('region', { name: 'Assessment history' });
  for (const subject of ['Reading', 'Writing', 'Maths']) {
    const figure = assessments.getByRole('figure', { name: new RegExp(`^${subject}`) });
    await expect(figure).toBeVisible();
    const chart = figure.getByRole('img', { name: new RegExp(`^${subject}: steps over time`) });
    await expect(chart).toBeVisible();
    expect(await chart.locator('polyline').count()).toBeGreaterThan(0);
    await expect(chart.locator('desc')).toContainText(`${subject}:`);
    await expect(chart.locator('.chart__point title').first()).toHaveText(/^\d{4}\/\d{2} (Aut|Spr|Sum): .+, \d+ points$/);
    // The table fallback opens to the same results in words.
    await figure.getByText(`${subject} results as a table`).click();
    const table = figure.getByRole('table');
    await expect(table).toBeVisible();
    await expect(table.locator('tbody tr').first().locator('th')).toHaveText(/^\d{4}\/\d{2} (Aut|Spr|Sum)$/);
  }
  // Characteristics are the head teacher's to see.
  await expect(page.getByRole('heading', { level: 2, name: 'Characteristics by year' })).toBeVisible();
  // Close the tables again for a clean picture.
  for (const subject of ['Reading', 'Writing', 'Maths']) {
    await assessments.getByText(`${subject} results as a table`).click();
  }
  await screenshot(page, 'pupil-page');
});

test('a Year 4 pupil\'s page lists their starting points: EYFS profile, phonics check and KS1, oldest first', async ({ page, request }) => {
  const token = await apiToken(request, HEAD);
  const listed = await apiGet<{ items: ApiPupil[] }>(request, token, '/api/v1/pupils?year_group=Y4&limit=5');
  const pupil = listed.items[0]!;
  const results = await apiGet<{ items: { point: string; statutory: boolean; academic_year: string }[] }>(
    request,
    token,
    `/api/v1/assessments?pupil_id=${pupil.id}&limit=500`,
  );
  const statutory = results.items.filter((r) => r.statutory);
  expect(new Set(statutory.map((r) => r.point))).toEqual(new Set(['eyfs', 'phonics', 'ks1']));

  await signIn(page, HEAD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(`/pupils/${pupil.id}`);
  const starts = page.getByRole('region', { name: 'Starting points' });
  const rows = starts.locator('tbody tr');
  await expect(rows).toHaveCount(statutory.length);
  await expect(rows.first().locator('th')).toHaveText('EYFS profile');
  await expect(starts.getByRole('rowheader', { name: 'KS1 assessments' }).first()).toBeVisible();
  await expect(starts.getByText(/^\d+ out of 40$/).first()).toBeVisible();
  // The charts draw the school's own points only.
  const assessments = page.getByRole('region', { name: 'Assessment history' });
  await expect(assessments.getByRole('figure', { name: /^Phonics/ })).toHaveCount(0);
  await screenshot(page, 'pupil-starting-points');

  // A subject access request, answered in one download: a zip of everything held.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /subject access request/ }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`pupil-${pupil.id}-subject-access.zip`);
  expect(readFileSync((await saved.path())!).subarray(0, 2).toString()).toBe('PK');
});

test('a head teacher filters pupils by year group and SEN, and loads more', async ({ page }) => {
  await signIn(page, HEAD);
  await mainNav(page).getByRole('link', { name: 'Pupils' }).click();
  let rows = await pupilRows(page);
  await expect(rows).toHaveCount(50);
  await expect(page.getByRole('status').filter({ hasText: 'Showing the first 50 pupils; there are more.' })).toBeVisible();
  await page.getByRole('button', { name: 'Load more pupils' }).click();
  await expect(rows).toHaveCount(100);

  await page.getByLabel('Year group').selectOption({ label: 'Year 3' });
  await expect(page).toHaveURL(/year_group=Y3/);
  rows = await pupilRows(page);
  // The list reloads after the address changes: wait until no row of another year is left.
  await expect(rows.locator('td:nth-child(3)').filter({ hasNotText: /^Year 3$/ })).toHaveCount(0);
  await expect(rows.first()).toBeVisible();

  await page.getByLabel('SEN').selectOption({ label: 'SEN support' });
  await expect(page).toHaveURL(/sen=sen_support/);
  rows = await pupilRows(page);
  await expect(rows.locator('td:last-child').filter({ hasNotText: 'SEN support' })).toHaveCount(0);
  await expect(rows.first().or(page.getByText('No pupils match'))).toBeVisible();
  await screenshot(page, 'pupils-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/pupils$/);
});

test('a class teacher sees only the Reception pupils of their class', async ({ page }) => {
  await signIn(page, TEACHER);
  await mainNav(page).getByRole('link', { name: 'Pupils' }).click();
  const rows = await pupilRows(page);
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(10);
  expect(new Set(await rows.locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set(['Reception']));
  expect(new Set(await rows.locator('td:nth-child(4)').allInnerTexts())).toEqual(new Set(['Robins']));
  await expect(page.getByRole('button', { name: 'Load more pupils' })).toHaveCount(0);
  // Their class is the only one on offer.
  await expect(page.getByLabel('Class').locator('option')).toHaveText(['All classes', 'Robins']);
  await expect(mainNav(page).getByRole('link', { name: 'Import data' })).toHaveCount(0);
  await screenshot(page, 'pupils-class-teacher');
});

test('a governor is offered no pupils, and the pupils page says they may not see it', async ({ page }) => {
  await signIn(page, GOVERNOR);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Schools' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Pupils' })).toHaveCount(0);
  await expect(mainNav(page).getByRole('link', { name: 'Import data' })).toHaveCount(0);

  await page.goto('/pupils');
  await expect(page.getByRole('heading', { level: 1, name: 'Pupils' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('No permission');
  await expect(page.getByRole('alert')).toContainText('You do not have permission to see this.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await screenshot(page, 'pupils-governor');

  await page.goto('/pupils/1');
  await expect(page.getByRole('alert')).toContainText('You do not have permission to see this.');
  await page.goto('/imports');
  await expect(page.getByRole('alert')).toContainText('You do not have permission to see this.');
});

test('a pupil of another class is not found for a class teacher', async ({ page, request }) => {
  const token = await apiToken(request, HEAD);
  const older = await apiGet<{ items: ApiPupil[] }>(request, token, '/api/v1/pupils?year_group=Y6&limit=1');
  expect(older.items.length).toBe(1);
  await signIn(page, TEACHER);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  await page.goto(`/pupils/${older.items[0]!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Pupil not available' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('We could not find that page.');
});

test('a pupils list the server cannot give is reported plainly, and can be tried again', async ({ page }) => {
  await signIn(page, HEAD);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  await page.route('**/api/v1/pupils?*', (route) =>
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
  await mainNav(page).getByRole('link', { name: 'Pupils' }).click();
  await expect(page.getByRole('alert')).toContainText('Termwise cannot reach its server; try again shortly.');
  await page.unroute('**/api/v1/pupils?*');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('table.table--pupils tbody tr').first()).toBeVisible();
});
