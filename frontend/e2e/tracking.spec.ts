import { apiGet, apiToken } from './api';
import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const Y4_TEACHER = 'niamh.bramblewood@larkspur.example';
const TRUST_LEADER = 'trust.leader@larkspur.example';
const SCHOOL = 'Bramblewood Primary School';

interface Row {
  key: string;
  label: string;
}
interface ApiGrid {
  rows: Row[];
  columns: { year_group: string; are_row: string | null; cohort: number | null; percent_at_or_above: number | null }[];
  cells: { year_group: string; row: string; count: number | null; pupil_ids: number[] | null }[];
}
interface ApiTransition {
  from_rows: Row[];
  to_columns: Row[];
  cells: { from_row: string; to_row: string; count: number | null; pupil_ids: number[] | null }[];
}
interface ApiGaps {
  gaps: { year_group: string; subgroup: string; group: { size: number | null }; gap_pupils: number | null }[];
}
interface ApiFlags {
  items: { pupil_id: number; first_name: string; last_name: string; flag: string | null }[];
}
interface ApiTracker {
  points: { id: number; name: string }[];
  pupils: { pupil_id: number; first_name: string; last_name: string; placements: { point_id: number; step: string | null; flag: string | null }[] }[];
}
interface ApiOverview {
  schools: { school_id: number; school_name: string; percent_at_or_above: number | null }[];
}

/** A percentage as the app writes it: one decimal, none when whole. */
const percent = (value: number) => `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;

/** The largest cell of a list, the one a test clicks. */
function fullest<C extends { count: number | null; pupil_ids: number[] | null }>(cells: C[]): C {
  const sorted = cells.filter((c) => c.pupil_ids && (c.count ?? 0) > 0).sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  expect(sorted.length, 'a cell with pupils').toBeGreaterThan(0);
  return sorted[0]!;
}

test('the whole-school grid shows each column\'s % at ARE as the API reports it, with the ARE line, and a cell lists its pupils', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Whole-school grid' }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${schoolId}/tracking$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Whole-school grid' })).toBeVisible();
  await expect(page).toHaveTitle(`Whole-school grid – ${SCHOOL} – Termwise`);

  const token = await apiToken(request, HEAD);
  const grid = await apiGet<ApiGrid>(request, token, `/api/v1/schools/${schoolId}/tracking/grid?subject=reading`);
  const table = page.locator('table.tracking-grid');
  await expect(table.locator('caption')).toContainText('Reading at');
  const headers = await table.locator('thead th').allTextContents();
  expect(headers.slice(1)).toEqual(grid.columns.map((c) => (c.year_group === 'R' ? 'Reception' : `Year ${c.year_group.slice(1)}`)));

  // The numbers under each column are the API's.
  const percentRow = table.locator('tfoot tr').filter({ has: page.getByRole('rowheader', { name: '% at or above ARE', exact: true }) });
  const shown = await percentRow.getByRole('cell').allInnerTexts();
  expect(shown).toEqual(grid.columns.map((c) => (c.percent_at_or_above === null ? '—' : percent(c.percent_at_or_above))));
  const y4 = grid.columns.findIndex((c) => c.year_group === 'Y4');
  expect(y4).toBeGreaterThanOrEqual(0);
  expect(await percentRow.getByRole('cell').nth(y4).innerText()).toBe(percent(grid.columns[y4]!.percent_at_or_above!));

  // The ARE line sits under the Y4 column's ARE row, drawn as a thick rule: every step above it is at ARE.
  const areRow = grid.rows.find((r) => r.key === grid.columns[y4]!.are_row)!;
  const areCell = table
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name: areRow.label, exact: true }) })
    .getByRole('cell')
    .nth(y4);
  await expect(areCell).toHaveAttribute('data-are', 'true');
  await expect(areCell).toHaveCSS('border-bottom-width', '4px');
  await expect(table.locator('td[data-are="true"]')).toHaveCount(grid.columns.filter((c) => c.are_row).length);
  await screenshot(page, 'tracking-grid');

  // A cell lists its pupils, named, each a link to their page.
  const cell = fullest(grid.cells.filter((c) => c.year_group === 'Y4'));
  const rowLabel = grid.rows.find((r) => r.key === cell.row)!.label;
  await page.getByRole('button', { name: `${cell.count} pupils, Year 4, ${rowLabel}`, exact: true }).click();
  const list = page.getByRole('region', { name: `Year 4, ${rowLabel}: ${cell.count} pupils` });
  await expect(list.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(list.getByRole('list').getByRole('link')).toHaveCount(cell.count!);
  const first = list.getByRole('link').first();
  const name = await first.innerText();
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(cell.pupil_ids).toContain(Number(/\/pupils\/(\d+)$/.exec(page.url())?.[1]));

  // Combined and a subgroup redraw the grid from the API.
  await page.goBack();
  await page.getByLabel('Subject').selectOption('combined');
  await expect(table.locator('caption')).toContainText('Reading, writing and maths combined at');
  await page.getByLabel('Subgroup').selectOption('disadvantaged');
  await page.getByLabel('Whose grid').selectOption('rest');
  await expect(table.locator('caption')).toContainText('(pupils not disadvantaged)');
  const rest = await apiGet<ApiGrid>(
    request,
    token,
    `/api/v1/schools/${schoolId}/tracking/grid?subject=combined&subgroup=disadvantaged&others=true`,
  );
  const cohortRow = table.locator('tfoot tr').filter({ has: page.getByRole('rowheader', { name: 'Pupils', exact: true }) });
  expect(await cohortRow.getByRole('cell').allInnerTexts()).toEqual(rest.columns.map((c) => String(c.cohort)));
});

test('a class teacher opens their class tracker: pupils as chips on their steps, each flag in words', async ({ page, request }) => {
  const schoolId = await openSchool(page, Y4_TEACHER);
  await page.getByRole('link', { name: 'Kestrels tracker' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kestrels tracker' })).toBeVisible();
  await expect(page).toHaveTitle('Kestrels tracker – Termwise');
  const classId = new RegExp(`/schools/${schoolId}/classes/(\\d+)/tracking`).exec(page.url())?.[1];
  await page.getByLabel('Subject').selectOption('writing');
  await expect(page).toHaveURL(/subject=writing/);

  const token = await apiToken(request, Y4_TEACHER);
  const tracker = await apiGet<ApiTracker>(request, token, `/api/v1/classes/${classId}/tracking?subject=writing`);
  const table = page.locator('table.class-tracker');
  await expect(table.locator('caption')).toContainText('writing steps');
  expect(await table.locator('thead th').allTextContents()).toEqual(['Step', ...tracker.points.map((p) => p.name)]);

  // Every pupil with a step at the first point is a chip there, with their flag written out.
  const first = tracker.points[0]!;
  const placed = tracker.pupils.filter((p) => p.placements.find((x) => x.point_id === first.id)?.step);
  expect(placed.length).toBeGreaterThan(0);
  const chips = table.locator('tbody tr:not(.class-tracker__missing) td:nth-child(2) .chip');
  await expect(chips).toHaveCount(placed.length);
  const labels: Record<string, string> = { falling_behind: 'Falling behind', expected: 'Expected', accelerated: 'Accelerated', missing: 'Missing', stuck: 'Stuck', slow: 'Slow' };
  for (const pupil of placed.slice(0, 6)) {
    const chip = table.locator(`td:nth-child(2) .chip[data-pupil="${pupil.pupil_id}"]`);
    await expect(chip).toContainText(`${pupil.first_name} ${pupil.last_name}`);
    const flag = pupil.placements.find((x) => x.point_id === first.id)!.flag;
    if (flag && labels[flag]) await expect(chip.locator('.flag')).toHaveText(labels[flag]);
  }
  await screenshot(page, 'tracking-class');
});

test('the transition matrix counts pupils from one step to another as the API does, and a cell lists them', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Transition matrix' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transition matrix' })).toBeVisible();
  await page.getByLabel('Year group').selectOption('Y4');
  await expect(page).toHaveURL(/year=Y4/);
  await expect(page.locator('table.tracking-matrix caption')).toContainText('Year 4:');

  const token = await apiToken(request, HEAD);
  const matrix = await apiGet<ApiTransition>(request, token, `/api/v1/schools/${schoolId}/tracking/transition?subject=reading&year_group=Y4`);
  const cell = fullest(matrix.cells);
  const from = matrix.from_rows.find((r) => r.key === cell.from_row)!.label;
  const to = matrix.to_columns.find((r) => r.key === cell.to_row)!.label;
  const button = page.getByRole('button', { name: `${cell.count} pupils from ${from} to ${to}`, exact: true });
  await expect(button).toHaveText(String(cell.count));
  // The total of the matrix is the API's.
  const total = matrix.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
  const shown = (await page.locator('table.tracking-matrix tbody td').allInnerTexts()).reduce((sum, t) => sum + (Number(t) || 0), 0);
  expect(shown).toBe(total);
  await screenshot(page, 'tracking-transition');

  await button.click();
  const list = page.getByRole('region', { name: `From ${from} to ${to}: ${cell.count} pupils` });
  await expect(list.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(list.getByRole('list').getByRole('link')).toHaveCount(cell.count!);
  await list.getByRole('button', { name: 'Close the list' }).click();
  await expect(button).toBeFocused();
});

test('a Year 6 transition matrix starts from the pupils\' KS1 results when asked, as the API counts it', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Transition matrix' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transition matrix' })).toBeVisible();
  // Without a year group there is nothing to start from but the point before.
  await expect(page.getByLabel('Start from')).toBeDisabled();
  await page.getByLabel('Year group').selectOption('Y6');
  await expect(page).toHaveURL(/year=Y6/);
  await expect(page.getByLabel('Start from').locator('option')).toHaveText([
    'The point before',
    'EYFS profile (Reception)',
    'Phonics check (Year 1)',
    'KS1 (Year 2)',
    'Multiplication tables check (Year 4)',
  ]);
  await page.getByLabel('Start from').selectOption('ks1');
  await expect(page).toHaveURL(/from=ks1/);
  await expect(page.locator('table.tracking-matrix caption')).toContainText('Year 6: step at KS1 assessments');

  const token = await apiToken(request, HEAD);
  const matrix = await apiGet<ApiTransition>(
    request,
    token,
    `/api/v1/schools/${schoolId}/tracking/transition?subject=reading&year_group=Y6&from_stage=ks1`,
  );
  expect(matrix.from_rows.map((r) => r.key)).toContain('EXS');
  const total = matrix.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
  expect(total).toBeGreaterThan(0);
  const shown = (await page.locator('table.tracking-matrix tbody td').allInnerTexts()).reduce((sum, t) => sum + (Number(t) || 0), 0);
  expect(shown).toBe(total);
  await expect(page.getByRole('rowheader', { name: 'Working at the expected standard' })).toBeVisible();
  await screenshot(page, 'tracking-transition-from-ks1');
});

test('the gaps chart gives each subgroup\'s size and gap in whole pupils as the API does', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Gaps' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gaps' })).toBeVisible();
  const chart = page.locator('figure.gaps-chart');
  await expect(chart.getByRole('img')).toBeVisible();

  const token = await apiToken(request, HEAD);
  const table = await apiGet<ApiGaps>(request, token, `/api/v1/schools/${schoolId}/tracking/gaps?subject=reading`);
  const whole = table.gaps.filter((g) => g.year_group === 'all');
  await expect(chart.locator('li')).toHaveCount(whole.length);
  const disadvantaged = whole.find((g) => g.subgroup === 'disadvantaged')!;
  const sentence = chart.locator('li[data-subgroup="disadvantaged"]');
  await expect(sentence).toContainText(`Disadvantaged (${disadvantaged.group.size} pupils)`);
  const n = disadvantaged.gap_pupils!;
  await expect(sentence).toContainText(
    n > 0 ? `${n} ${n === 1 ? 'pupil' : 'pupils'} more would need to reach ARE` : n < 0 ? `ahead of the rest by ${-n}` : 'no gap in pupils',
  );
  await expect(chart.locator('rect.gaps-chart__bar')).toHaveCount(whole.length * 4);
  await screenshot(page, 'tracking-gaps');

  await page.getByLabel('Year group').selectOption('Y6');
  await expect(chart.locator('figcaption')).toContainText('Year 6');
  await expect(chart.locator('li')).toHaveCount(table.gaps.filter((g) => g.year_group === 'Y6').length);
});

test('the flags list answers "which Y4 pupils are falling behind in writing" with the API\'s pupils', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Pupil flags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pupil flags' })).toBeVisible();
  await page.getByLabel('Subject').selectOption('writing');
  await page.getByLabel('Year group').selectOption('Y4');
  await page.getByLabel('Flag', { exact: true }).selectOption('falling_behind');
  await expect(page).toHaveURL(/subject=writing&year=Y4&flag=falling_behind/);

  const token = await apiToken(request, HEAD);
  const flags = await apiGet<ApiFlags>(
    request,
    token,
    `/api/v1/schools/${schoolId}/tracking/flags?subject=writing&year_group=Y4&flag=falling_behind`,
  );
  expect(flags.items.length, 'demo Y4 pupils falling behind in writing').toBeGreaterThan(0);
  const n = flags.items.length;
  await expect(page.getByRole('status').filter({ hasText: `${n} ${n === 1 ? 'pupil' : 'pupils'}.` })).toBeVisible();
  const rows = page.locator('table.tracking-flags tbody tr');
  await expect(rows).toHaveCount(n);
  expect((await rows.locator('th').allInnerTexts()).sort()).toEqual(flags.items.map((p) => `${p.first_name} ${p.last_name}`).sort());
  for (const text of await rows.locator('.flag').allInnerTexts()) expect(text).toBe('Falling behind');
  await screenshot(page, 'tracking-flags');
});

test('a trust leader compares the schools side by side from the navigation; a head teacher is not offered it', async ({ page, request }) => {
  await signIn(page, TRUST_LEADER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust overview' }).click();
  await expect(page).toHaveURL(/\/trust$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Trust overview' })).toBeVisible();
  await expect(page).toHaveTitle('Trust overview – Termwise');

  const token = await apiToken(request, TRUST_LEADER);
  const trusts = await apiGet<{ items: { id: number; name: string }[] }>(request, token, '/api/v1/trusts');
  const overview = await apiGet<ApiOverview>(request, token, `/api/v1/trusts/${trusts.items[0]!.id}/tracking/overview?subject=reading`);
  const rows = page.locator('table.trust-overview tbody tr');
  await expect(rows).toHaveCount(overview.schools.length);
  for (const [i, school] of overview.schools.entries()) {
    await expect(rows.nth(i).getByRole('rowheader')).toHaveText(school.school_name);
    await expect(rows.nth(i).getByRole('cell').nth(1)).toHaveText(
      school.percent_at_or_above === null ? '—' : percent(school.percent_at_or_above),
    );
  }
  await screenshot(page, 'tracking-trust');

  await page.getByLabel('Subject').selectOption('combined');
  await expect(page.locator('table.trust-overview caption')).toContainText('Reading, writing and maths combined');

  await page.context().clearCookies();
  await page.evaluate(() => window.sessionStorage.clear());
  await page.goto('/sign-in');
  await signIn(page, HEAD);
  await expect(page.getByRole('heading', { level: 1, name: 'What needs your attention' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust overview' })).toHaveCount(0);
});

interface ApiProgress {
  points: { id: number; name: string }[];
  pupils: { pupil_id: number }[];
  measures: { point_id: number; assessed: number; percent_at_or_above: number | null }[];
}

test('a head teacher creates a target group from the suggestions and watches its members\' progress', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Target groups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Target groups' })).toBeVisible();
  await page.getByLabel('Subject').selectOption('writing');
  const suggested = page.getByRole('group', { name: 'Suggested pupils' }).getByRole('checkbox');
  await expect(suggested.first()).toBeVisible();
  await page.getByRole('button', { name: /Create the group/ }).click();
  await expect(page.getByRole('alert')).toHaveText('Give the group a name.');

  const name = `Writing boost ${Date.now()}`;
  await page.getByLabel('Group name').fill(name);
  await suggested.nth(0).check();
  await suggested.nth(1).check();
  await page.getByRole('button', { name: 'Create the group (2 pupils)' }).click();
  await expect(page).toHaveURL(new RegExp(`/schools/${schoolId}/tracking/target-groups/\\d+$`));
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  const groupId = /target-groups\/(\d+)$/.exec(page.url())?.[1];

  const token = await apiToken(request, HEAD);
  const progress = await apiGet<ApiProgress>(request, token, `/api/v1/target-groups/${groupId}/progress`);
  expect(progress.pupils).toHaveLength(2);
  const table = page.locator('table.group-progress');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  const percentRow = table.locator('tfoot tr').filter({ has: page.getByRole('rowheader', { name: '% at or above ARE', exact: true }) });
  expect(await percentRow.getByRole('cell').allInnerTexts()).toEqual(
    progress.points.map((p) => {
      const m = progress.measures.find((x) => x.point_id === p.id);
      return m && m.assessed && m.percent_at_or_above !== null ? percent(m.percent_at_or_above) : '—';
    }),
  );
  await screenshot(page, 'tracking-target-group');

  // The group is listed for this term.
  await page.getByRole('navigation', { name: 'Tracking views' }).getByRole('link', { name: 'Target groups' }).click();
  await page.getByLabel('Subject').selectOption('writing');
  const row = page.locator('table.target-groups tbody tr').filter({ hasText: name });
  await expect(row).toContainText('2');
});
