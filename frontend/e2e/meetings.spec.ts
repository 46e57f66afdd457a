import type { Page } from '@playwright/test';
import { apiGet, apiToken } from './api';
import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
// Kestrels (Year 4) at Bramblewood.
const KESTRELS_TEACHER = 'niamh.bramblewood@larkspur.example';
const GOVERNOR = 'governor.bramblewood@larkspur.example';
const AGENDA = /^(Falling behind|Slow or stuck|Making good progress|Target group) \(\d+\)$/;

function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toISOString().slice(0, 10);
}

async function openKestrelsMeeting(page: Page, email: string, heldOn: string): Promise<void> {
  await openSchool(page, email);
  await page.getByRole('link', { name: 'Pupil progress meetings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pupil progress meetings' })).toBeVisible();
  await page.getByLabel('Class').selectOption({ label: 'Kestrels' });
  await page.getByLabel('Held on').fill(heldOn);
  await page.getByRole('button', { name: 'Open the meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kestrels: pupil progress meeting' })).toBeVisible();
}

test('a leader and the class teacher: the agenda comes from the flags, actions for two pupils, an intervention from one, and the next meeting follows them up with the data since', async ({
  page,
}) => {
  await openKestrelsMeeting(page, HEAD, day(0));

  // The agenda's sections are the tracker's, the most urgent first; each pupil with the figures.
  const sections = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 2, name: AGENDA }) });
  await expect(sections.first()).toBeVisible();
  await expect(sections.first().getByRole('heading', { level: 2 })).toHaveText(/^(Falling behind|Slow or stuck)/);
  await expect(sections.first()).toContainText(/reading: \S+ → \S+/);

  const agreed: { name: string; action: string }[] = [];
  for (const [index, action] of ['Daily 1:1 reading with a TA', 'Pre-teach maths vocabulary'].entries()) {
    const discuss = sections.getByRole('button', { name: /^Discuss / }).nth(index);
    const name = ((await discuss.textContent()) ?? '').replace(/^Discuss /, '');
    await discuss.click();
    const form = page.getByRole('form', { name: `Discuss ${name}` });
    await form.getByLabel('Likely barriers').fill('Reading at home');
    if (index === 0) await form.getByLabel('Pupil voice').fill('I like reading with Mrs Shah');
    await form.getByLabel('Agreed action').fill(action);
    await form.getByLabel('By').fill(day(21));
    await form.getByRole('button', { name: `Save for ${name}` }).click();
    await expect(page.getByRole('region', { name: 'Actions agreed' })).toContainText(`${name}: ${action}`);
    agreed.push({ name, action });
  }
  await expect(page.getByRole('region', { name: 'What was said' })).toContainText('Pupil voice: I like reading with Mrs Shah');
  await screenshot(page, 'meeting-agenda');
  const firstMeeting = page.url();

  // The actions download as a spreadsheet.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the actions (CSV)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^kestrels-meeting-.*\.csv$/);

  // An intervention started from the first action: its impact cannot be said until a point has passed.
  const actions = page.getByRole('region', { name: 'Actions agreed' });
  await actions.getByRole('link', { name: `Start an intervention for “${agreed[0]!.action}”` }).click();
  const start = page.getByRole('form', { name: /^Start an intervention for 1 pupil in reading$/ });
  await start.getByLabel('Ends').fill(day(70));
  await start.getByLabel('Cost (£)').fill('300');
  await start.getByRole('button', { name: 'Start the intervention' }).click();
  await expect(page.getByRole('heading', { level: 1, name: agreed[0]!.action })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Impact' })).toContainText('not yet measurable');

  // The class teacher holds the next meeting of their class: both actions come back to follow up,
  // each with the pupil's steps then and now, and the intervention shows beside its pupil.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await openKestrelsMeeting(page, KESTRELS_TEACHER, day(14));
  const followUp = page.getByRole('region', { name: 'Actions to follow up' });
  for (const { name, action } of agreed) {
    const item = followUp.getByRole('listitem').filter({ hasText: `${name}: ${action}` });
    await expect(item).toContainText(/reading \S+ → \S+/);
  }
  const first = page.locator('li.meeting-agenda__pupil').filter({ hasText: agreed[0]!.name });
  if ((await first.count()) > 0) await expect(first).toContainText(`In: ${agreed[0]!.action} (reading, to`);
  await followUp.getByLabel(`What came of “${agreed[0]!.action}”`).selectOption('done_helped');
  await expect(followUp.getByLabel(`What came of “${agreed[0]!.action}”`)).toHaveValue('done_helped');
  await followUp.getByLabel(`What came of “${agreed[1]!.action}”`).selectOption('carried_on');
  await expect(followUp.getByLabel(`What came of “${agreed[1]!.action}”`)).toHaveValue('carried_on');
  await screenshot(page, 'meeting-follow-up');

  // The printable record says what came of them.
  await page.getByRole('link', { name: 'Meeting record (print)' }).click();
  const record = page.getByRole('region', { name: 'Earlier actions followed up' });
  await expect(record.getByRole('row', { name: new RegExp(agreed[0]!.action) })).toContainText('Done, and it helped');
  await expect(record.getByRole('row', { name: new RegExp(agreed[1]!.action) })).toContainText('Carried on');

  // A governor is not shown the meeting's notes about pupils.
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, GOVERNOR);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(firstMeeting);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByText('Daily 1:1 reading with a TA')).toHaveCount(0);
});

interface ApiImpact {
  measurable: boolean;
  group_size: number;
  group_mean_gain: number | null;
  expected_mean_gain: number | null;
  comparison_size: number | null;
  comparison_mean_gain: number | null;
  difference: number | null;
  interval: [number, number] | null;
}

test('the demo intervention that helped shows the group against similar pupils as the impact rule works it out, on its page and the provision map', async ({
  page,
  request,
}) => {
  const schoolId = await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Interventions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Interventions' })).toBeVisible();
  const thisYear = await page.getByLabel('Year').inputValue();
  const lastYear = `${Number(thisYear.slice(0, 4)) - 1}/${thisYear.slice(2, 4)}`;
  await page.getByLabel('Year').selectOption(lastYear);
  const map = page.getByRole('region', { name: `Provision map ${lastYear}` });
  const row = map.getByRole('row', { name: /Reading catch-up with a teaching assistant/ });
  await expect(row).toContainText('against similar pupils');

  const token = await apiToken(request, HEAD);
  const listed = await apiGet<{ id: number; name: string }[]>(request, token, `/api/v1/schools/${schoolId}/interventions`);
  const helped = listed.find((i) => i.name.startsWith('Reading catch-up'))!;
  const impact = await apiGet<ApiImpact>(request, token, `/api/v1/interventions/${helped.id}/impact`);
  expect(impact.measurable && impact.difference! > 0).toBe(true);

  await row.getByRole('link', { name: /Reading catch-up/ }).click();
  const shown = page.getByRole('region', { name: 'Impact' });
  await expect(shown).toContainText(`${impact.group_mean_gain} steps (expected ${impact.expected_mean_gain})`);
  await expect(shown).toContainText(`+${impact.difference!.toFixed(1)} steps`);
  await expect(shown).toContainText(`${impact.comparison_size} similar pupils gained ${impact.comparison_mean_gain}`);
  await expect(shown.getByRole('table').locator('tbody tr')).toHaveCount(impact.group_size);
  await screenshot(page, 'intervention-impact');
});

test('pupils chosen on a flag list start an intervention, which shows on the provision map and on each pupil’s page', async ({ page }) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Pupil flags' }).click();
  const chooses = page.getByRole('checkbox', { name: /^Choose / });
  await expect(chooses.first()).toBeVisible();
  const names: string[] = [];
  for (const index of [0, 1]) {
    const box = chooses.nth(index);
    names.push(((await box.getAttribute('aria-label')) ?? '').replace(/^Choose /, ''));
    await box.check();
  }
  await page.getByRole('link', { name: 'Start an intervention for 2 chosen pupils' }).click();
  const start = page.getByRole('form', { name: /^Start an intervention for 2 pupils in / });
  await start.getByLabel('Name').fill('Fluency pairs');
  await start.getByLabel('Ends').fill(day(42));
  await start.getByLabel('Led by (role)').fill('teaching assistant');
  await start.getByRole('button', { name: 'Start the intervention' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fluency pairs' })).toBeVisible();

  await page.getByRole('link', { name: 'Interventions' }).click();
  const row = page.getByRole('row', { name: /Fluency pairs/ });
  for (const name of names) await expect(row).toContainText(name);
  await row.getByRole('link', { name: names[0]! }).click();
  await expect(page.getByRole('region', { name: 'Interventions' })).toContainText('Fluency pairs');
});
