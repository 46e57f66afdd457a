import type { APIRequestContext } from '@playwright/test';
import { apiGet, apiToken, currentYear } from './api';
import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const GOVERNOR = 'governor.bramblewood@larkspur.example';

interface ApiGrid {
  rows: { key: string }[];
  columns: { year_group: string; percent_at_or_above: number | null; are_row: string | null }[];
  cells: { year_group: string; row: string; pupil_ids: number[] | null }[];
  point: { id: number; academic_year: string; code: string };
}

async function misToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'client_credentials', client_id: 'bramblewood-mis', client_secret: 'bramblewood-mis-demo-secret' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { access_token: string }).access_token;
}

test('a head teacher plans with a criterion bound to the tracker, reviews it, signs off (the figure freezes), carries forward and prints; a governor sees small groups withheld', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const year = await currentYear(request, token);
  const grid = await apiGet<ApiGrid>(request, token, `/api/v1/schools/${schoolId}/tracking/grid?subject=writing`);
  const y6 = grid.columns.find((c) => c.year_group === 'Y6')!;
  expect(y6.percent_at_or_above).not.toBeNull();

  // Start a spring plan (the demo's autumn plan is already active).
  await page.getByRole('link', { name: 'Raising attainment plans' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Raising attainment plans' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Autumn .*: writing and the disadvantaged gap$/ })).toBeVisible();
  await page.getByLabel('Academic year').selectOption(year);
  await page.getByLabel('Term').selectOption('spring');
  await page.getByLabel('Title (optional)').fill('Spring push: Year 6 writing');
  await page.getByRole('button', { name: 'Start the plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spring push: Year 6 writing' })).toBeVisible();

  await page.getByLabel('Priority', { exact: true }).fill('Accelerate Year 6 writing');
  await page.getByRole('button', { name: 'Add the priority' }).click();
  await expect(page.getByRole('heading', { level: 3, name: '1. Accelerate Year 6 writing' })).toBeVisible();

  // An action under it, then changed: due a week earlier.
  const first = year.slice(0, 4);
  await page.getByRole('button', { name: 'Add an action to “Accelerate Year 6 writing”' }).click();
  const adding = page.getByRole('form', { name: 'Add an action to Accelerate Year 6 writing' });
  await adding.getByLabel('Action', { exact: true }).fill('Daily modelled writing in Year 6');
  await adding.getByLabel('Led by (a role)').selectOption('class_teacher');
  await adding.getByLabel('Due').fill(`${first}-12-18`);
  await adding.getByLabel('Cost (£)').fill('120');
  await adding.getByRole('button', { name: 'Add the action' }).click();
  const actionRow = page.getByRole('row', { name: /Daily modelled writing in Year 6/ });
  await expect(actionRow).toContainText('Class teacher');
  await expect(actionRow).toContainText(`18 Dec ${first}`);
  await actionRow.getByRole('button', { name: 'Change “Daily modelled writing in Year 6”' }).click();
  const changing = page.getByRole('form', { name: 'Change “Daily modelled writing in Year 6”' });
  await changing.getByLabel('Due').fill(`${first}-12-11`);
  await changing.getByRole('button', { name: 'Save the action' }).click();
  await expect(page.getByRole('row', { name: /Daily modelled writing in Year 6/ })).toContainText(`11 Dec ${first}`);

  // A criterion bound to "Year 6 writing % at ARE": the preview is the grid's figure.
  await page.getByLabel('Criterion', { exact: true }).fill('Year 6 writing at or above ARE');
  await page.getByLabel('Subject').selectOption('writing');
  await page.getByRole('checkbox', { name: 'Year 6' }).check();
  const preview = page.locator('.measure-preview');
  await expect(preview).toContainText(`Now: ${y6.percent_at_or_above}%`);
  await page.getByLabel('Target', { exact: true }).fill('80');
  await page.getByRole('button', { name: 'Add the criterion' }).click();
  const criteria = page.getByRole('region', { name: 'Success criteria' });
  const row = criteria.getByRole('row', { name: /Year 6 writing at or above ARE/ });
  await expect(row).toContainText(`${y6.percent_at_or_above}%`);
  await screenshot(page, 'plan-editor');

  // A small group, for the governor: Year 6 looked-after pupils.
  await page.getByLabel('Criterion', { exact: true }).fill('Looked-after pupils in Year 6 writing at ARE');
  await page.getByLabel('Subject').selectOption('writing');
  await page.getByLabel('Subgroup (optional)').selectOption('looked_after');
  await page.getByRole('checkbox', { name: 'Year 6' }).check();
  await page.getByLabel('Target', { exact: true }).fill('100');
  await page.getByRole('button', { name: 'Add the criterion' }).click();
  await expect(criteria.getByRole('row', { name: /Looked-after pupils/ })).toBeVisible();

  // Active, then reviewed and signed off.
  await page.getByRole('button', { name: 'Make active' }).click();
  await expect(page.locator('.page-header__lead')).toContainText('Active');
  await page.getByRole('button', { name: 'Start the review' }).click();
  const review = page.getByRole('form', { name: 'Review' });
  await expect(review).toBeVisible();
  const ragFor = review.getByLabel('RAG for “Year 6 writing at or above ARE”');
  await ragFor.selectOption('amber');
  await review.getByLabel('Why your RAG for “Year 6 writing at or above ARE” differs from the data').fill('Moderation found four more secure');
  await review.getByLabel('Successes').fill('Modelled writing every day');
  await review.getByRole('button', { name: 'Save the review' }).click();
  await expect(review.getByRole('status')).toContainText('Saved the review.');
  await review.getByLabel('The figures will be frozen as they stand').check();
  await review.getByRole('button', { name: 'Sign off the review' }).click();
  const signed = page.getByRole('region', { name: 'Review' });
  await expect(signed).toContainText('Signed off by');
  const frozenRow = signed.getByRole('row', { name: /Year 6 writing at or above ARE/ });
  await expect(frozenRow).toContainText(`${y6.percent_at_or_above}%`);
  await expect(frozenRow).toContainText('Amber');
  await screenshot(page, 'plan-reviewed');

  // The MIS pushes a better result for a Year 6 pupil below ARE: the grid moves, the review does not.
  const below = grid.cells.find((c) => c.year_group === 'Y6' && c.pupil_ids?.length && !isAtOrAbove(grid, 'Y6', c.row));
  expect(below, 'a Year 6 pupil below ARE in writing').toBeTruthy();
  const pupil = await apiGet<{ upn: string }>(request, token, `/api/v1/pupils/${below!.pupil_ids![0]}`);
  const pushed = await request.post(`/api/v1/schools/${schoolId}/assessments/batch`, {
    headers: { Authorization: `Bearer ${await misToken(request)}` },
    data: { results: [{ upn: pupil.upn, subject: 'writing', academic_year: grid.point.academic_year, point: grid.point.code, result: 'Y6M' }] },
  });
  expect(pushed.status(), await pushed.text()).toBe(200);
  const after = await apiGet<ApiGrid>(request, token, `/api/v1/schools/${schoolId}/tracking/grid?subject=writing`);
  expect(after.columns.find((c) => c.year_group === 'Y6')!.percent_at_or_above).not.toBe(y6.percent_at_or_above);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Review' }).getByRole('row', { name: /Year 6 writing at or above ARE/ })).toContainText(
    `${y6.percent_at_or_above}%`,
  );

  // Print the governor report.
  await page.getByRole('link', { name: 'Governor report (print)' }).click();
  await expect(page.getByText('Raising attainment plan — report to governors')).toBeVisible();
  await expect(page.getByRole('row', { name: /Year 6 writing at or above ARE/ })).toContainText('Amber');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await screenshot(page, 'plan-governor-report');
  await page.emulateMedia({ media: 'screen' });
  const planUrl = page.url().replace(/\/print$/, '');

  // Carry forward into the summer: the unmet criteria come too.
  await page.goto(planUrl);
  await page.getByRole('button', { name: 'Carry forward to next term' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Summer ${year.replace('/', '\\/')} plan$`) })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Success criteria' }).getByRole('row', { name: /Year 6 writing at or above ARE/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Daily modelled writing in Year 6/ })).toContainText('Carried forward');

  // A governor reads the spring plan: the small group's figure is withheld.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, GOVERNOR);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(planUrl);
  const governorRow = page.getByRole('region', { name: 'Success criteria' }).getByRole('row', { name: /Looked-after pupils/ });
  await expect(governorRow).toContainText('Withheld');
  await expect(page.getByRole('button', { name: 'Carry forward to next term' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /pupils$/ })).toHaveCount(0);
});

test('a class teacher sees the actions they lead under My actions, the overdue one first', async ({ page }) => {
  await signIn(page, 'hollie.bramblewood@larkspur.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My actions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My actions' })).toBeVisible();
  const rows = page.locator('table.plan-actions tbody tr');
  // The moderation meeting they lead in the demo's autumn plan is overdue: it comes first.
  await expect(rows.first()).toContainText('Termly moderation meeting for every year group');
  await expect(rows.first()).toContainText('Overdue');
  await expect(rows.first().getByRole('link')).toHaveText(/Autumn .*: writing and the disadvantaged gap/);
  // Hollie's class had no meeting in the demo: nothing from meetings for her.
  await expect(page.getByRole('region', { name: 'From pupil progress meetings' })).toHaveCount(0);
});

test('the Year 6 teacher finds under My actions what the demo meeting of their class agreed for class teachers', async ({ page }) => {
  await signIn(page, 'lucia.bramblewood@larkspur.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My actions' }).click();
  const fromMeetings = page.getByRole('region', { name: 'From pupil progress meetings' });
  await expect(fromMeetings.getByRole('listitem')).toHaveCount(2);
  await expect(fromMeetings.getByRole('link', { name: 'Ospreys' }).first()).toBeVisible();
});

function isAtOrAbove(grid: ApiGrid, yearGroup: string, row: string): boolean {
  const keys = grid.rows.map((r) => r.key);
  const are = grid.columns.find((c) => c.year_group === yearGroup)?.are_row;
  return are !== null && are !== undefined && keys.indexOf(row) <= keys.indexOf(are);
}
