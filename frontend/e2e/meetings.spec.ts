import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const GOVERNOR = 'governor.bramblewood@larkspur.example';

function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toISOString().slice(0, 10);
}

test('a head teacher opens a meeting whose agenda comes from the flags, agrees an action, and follows it up at the next meeting', async ({
  page,
}) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Pupil progress meetings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pupil progress meetings' })).toBeVisible();
  await page.getByLabel('Class').selectOption({ label: 'Kestrels' });
  await page.getByLabel('Held on').fill(day(0));
  await page.getByRole('button', { name: 'Open the meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kestrels: pupil progress meeting' })).toBeVisible();

  // The agenda's first section is the most urgent one the tracker found.
  const first = page.locator('section.card').first();
  await expect(first.getByRole('heading', { level: 2 })).toHaveText(/^(Falling behind|Slow or stuck|Making good progress) \(\d+\)$/);
  const discuss = first.getByRole('button', { name: /^Discuss / }).first();
  const name = ((await discuss.textContent()) ?? '').replace(/^Discuss /, '');
  await discuss.click();
  const form = page.getByRole('form', { name: `Discuss ${name}` });
  await form.getByLabel('Likely barriers').fill('Reading at home');
  await form.getByLabel('Agreed action').fill('Daily 1:1 reading with a TA');
  await form.getByLabel('By').fill(day(21));
  await form.getByRole('button', { name: `Save for ${name}` }).click();
  const actions = page.getByRole('region', { name: 'Actions agreed' });
  await expect(actions).toContainText(`${name}: Daily 1:1 reading with a TA`);
  await screenshot(page, 'meeting-agenda');
  const firstMeeting = page.url();

  // An intervention started from that action: its impact cannot be said until a point has passed.
  await actions.getByRole('link', { name: 'Start an intervention for “Daily 1:1 reading with a TA”' }).click();
  const start = page.getByRole('form', { name: /^Start an intervention for 1 pupil in reading$/ });
  await start.getByLabel('Ends').fill(day(70));
  await start.getByLabel('Cost (£)').fill('300');
  await start.getByRole('button', { name: 'Start the intervention' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Daily 1:1 reading with a TA' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Impact' })).toContainText('not yet measurable');
  await page.goto(firstMeeting);

  // The next meeting of the class asks what came of it, with the pupil's steps then and now.
  await page.getByRole('link', { name: 'Pupil progress meetings' }).click();
  await page.getByLabel('Class').selectOption({ label: 'Kestrels' });
  await page.getByLabel('Held on').fill(day(14));
  await page.getByRole('button', { name: 'Open the meeting' }).click();
  const followUp = page.getByRole('region', { name: 'Actions to follow up' });
  await expect(followUp).toContainText(`${name}: Daily 1:1 reading with a TA`);
  await expect(followUp).toContainText(/reading \S+ → \S+/);
  await followUp.getByLabel('What came of “Daily 1:1 reading with a TA”').selectOption('done_helped');
  await expect(followUp.getByLabel('What came of “Daily 1:1 reading with a TA”')).toHaveValue('done_helped');
  await screenshot(page, 'meeting-follow-up');

  // A governor is not shown the meeting's notes about pupils.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, GOVERNOR);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(firstMeeting);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByText('Daily 1:1 reading with a TA')).toHaveCount(0);
});
