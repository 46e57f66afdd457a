import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

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
  const schedule = page.getByRole('region', { name: /^Quality-assurance schedule/ });
  const before = await schedule.getByRole('row', { name: /School review/ }).count();
  await form.getByLabel('Rationale').fill('Writing has dipped; the new plan needs a term to bite');
  await form.getByRole('button', { name: 'Set the category' }).click();
  // The category's cadence regenerates the schedule: termly school reviews for C1.
  await expect(page.getByText(/The schedule now holds \d+ activities/)).toBeVisible();
  await expect.poll(() => schedule.getByRole('row', { name: /School review/ }).count()).toBeGreaterThan(before);
  await expect(page.getByRole('heading', { level: 2, name: 'Category C1' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem').first()).toContainText('Writing has dipped; the new plan needs a term to bite');
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await screenshot(page, 'risk-category');

  // The trust's schedule lists it, and goes into people's own calendars.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust overview' }).click();
  await page.getByRole('link', { name: 'Quality-assurance schedule' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quality-assurance schedule' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Bramblewood/ }).first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Add to a calendar (iCalendar)' }).click();
  expect((await download).suggestedFilename()).toBe('qa-schedule.ics');
  const due = page.getByRole('button', { name: /^Record done/ }).first();
  await due.click();
  await page.getByLabel('Report').fill('Deep dive into writing: feedback used well in Year 4');
  await page.getByRole('button', { name: 'Record it done' }).click();
  await expect(page.getByText('Deep dive into writing: feedback used well in Year 4')).toBeVisible();
});

test('a head teacher reads their school’s category but is not offered to set it', async ({ page }) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Risk category' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Category (A|B|C1|C2|D)$/ })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Set the category' })).toHaveCount(0);
});

test('the trust leader lands on the dashboard with the three schools side by side and downloads the board report', async ({ page }) => {
  await signIn(page, TRUST_LEADER);
  await expect(page.getByRole('heading', { level: 1, name: 'Trust dashboard' })).toBeVisible();
  const table = page.getByRole('table', { name: /% at or above ARE now/ });
  await expect(table.getByRole('row', { name: /Bramblewood|Kestrel Lane|Otterbrook/ })).toHaveCount(3);
  await expect(table.getByRole('row', { name: /Bramblewood/ })).toContainText(/\d+(\.\d)?%/);
  await page.getByRole('button', { name: 'The last 100 days' }).click();
  await page.getByRole('button', { name: 'Show the report' }).click();
  await expect(page.getByRole('heading', { name: 'Category changes' })).toBeVisible();
  const workbook = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the board report (Excel)' }).click();
  expect((await workbook).suggestedFilename()).toMatch(/^board-report-.*\.xlsx$/);
  const pdf = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the board report (PDF)' }).click();
  const saved = await (await pdf).path();
  expect(readFileSync(saved!).subarray(0, 5).toString()).toBe('%PDF-');
  await screenshot(page, 'trust-dashboard');

  // A period in which nothing happened is said plainly, and no empty file is made.
  await page.getByLabel('From').fill('2015-09-01');
  await page.getByLabel('To').fill('2015-12-31');
  await page.getByRole('button', { name: 'Download the board report (PDF)' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing happened in this period');

  // Each figure clicks through to the page behind it.
  await table.getByRole('row', { name: /Bramblewood/ }).getByRole('link', { name: /%/ }).first().click();
  await expect(page).toHaveURL(/\/schools\/\d+\/tracking\?subject=reading/);
});

test('the trust leader changes a cadence, the schedule is made again, and reads it as a calendar', async ({ page }) => {
  await signIn(page, TRUST_LEADER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust overview' }).click();
  await page.getByRole('link', { name: 'Quality-assurance schedule' }).click();
  await page.getByRole('link', { name: 'Activity types, cadences and category wording' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Categories and activity types' })).toBeVisible();
  await page.getByLabel('How often a C1 school has Subject deep dive').selectOption('half_termly');
  await page.getByRole('button', { name: 'Save Subject deep dive' }).click();
  await expect(page.getByText(/Subject deep dive saved: \d+ future activities scheduled again/)).toBeVisible();
  await page.getByLabel('Name of a new activity type').fill('Attendance review');
  await page.getByLabel('Report audience of the new activity type').fill('Trust board');
  await page.getByLabel('How often a B school has the new activity type').selectOption('termly');
  await page.getByRole('button', { name: 'Add the new activity type' }).click();
  await expect(page.getByLabel('Name of Attendance review')).toHaveValue('Attendance review');
  await page.getByRole('button', { name: 'Reword category C2' }).click();
  await page.getByLabel('How the trust intervenes').fill('A trust adviser visits fortnightly');
  await page.getByRole('button', { name: 'Save category C2' }).click();
  await expect(page.getByRole('region', { name: 'Category C2' })).toContainText('A trust adviser visits fortnightly');

  await page.getByRole('link', { name: 'The schedule' }).click();
  const attendance = page.getByRole('row', { name: /Attendance review/ }).first();
  await expect(attendance).toBeVisible();
  // Moved by hand, with the reason: it then stays put when the category changes.
  await attendance.getByRole('button', { name: /^Move or reassign/ }).click();
  const move = attendance.getByRole('group', { name: /^Move or reassign/ });
  await move.getByLabel('Due').fill('2027-03-03');
  await move.getByRole('button', { name: 'Save the change' }).click();
  await expect(move.getByRole('alert')).toContainText('say why it moves');
  await move.getByLabel('Why').fill('Clashes with the Year 6 residential');
  await move.getByRole('button', { name: 'Save the change' }).click();
  await expect(page.getByText('Moved: Clashes with the Year 6 residential')).toBeVisible();
  await page.getByRole('button', { name: 'Add an activity' }).click();
  const add = page.getByRole('form', { name: 'Add an activity' });
  await add.getByLabel('School').selectOption({ label: 'Otterbrook Church of England Primary School' });
  await add.getByLabel('Activity').selectOption({ label: 'Safeguarding review' });
  await add.getByLabel('Due').fill('2027-01-20');
  await add.getByLabel('Why it is added').fill('A concern raised by the local authority');
  await add.getByRole('button', { name: 'Add it to the schedule' }).click();
  await expect(page.getByText('Added: A concern raised by the local authority')).toBeVisible();
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const calendar = page.getByRole('region', { name: 'Calendar' });
  await expect(calendar.getByRole('link').first()).toBeVisible();
  await calendar.getByRole('button', { name: 'Next month →' }).click();
  await expect(calendar.getByRole('heading', { level: 2 })).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await screenshot(page, 'qa-calendar');
});
