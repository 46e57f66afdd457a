import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSchool, screenshot } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const TEACHER = 'niamh.bramblewood@larkspur.example';
const PARTNER = 'phase.leader.bramblewood@larkspur.example';
const FOCUS = 'Fluency: do pupils read the week’s text aloud with expression?';

function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d.toISOString().slice(0, 10);
}

async function openTheWalk(page: Page, email: string): Promise<void> {
  await openSchool(page, email);
  await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
  await page.getByRole('link', { name: FOCUS }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Learning walk: ${FOCUS}` })).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

test('a learning walk goes from its agreed focus to the confirmed record, with the teacher’s reflection kept', async ({ page }) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
  const form = page.getByRole('form', { name: 'Agree an activity' });
  await form.getByLabel('When').fill(day(1));
  await form.getByLabel('Whose practice').selectOption({ label: 'Niamh Otterburn' });
  await form.getByLabel('Professional partner').selectOption({ label: 'Priya Castellane' });
  await form.getByLabel('Focus, agreed in advance').fill(FOCUS);
  await form.getByLabel('Plan priority').selectOption({ index: 1 });
  await form.getByRole('button', { name: 'Agree the activity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Learning walk: ${FOCUS}` })).toBeVisible();
  await signOut(page);

  // The teacher reflects; the partner summarises, rates and submits it.
  await openTheWalk(page, TEACHER);
  await page.getByLabel('The teacher’s reflection').fill('Pairs read well; the plenary was rushed');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('The teacher’s reflection')).toHaveValue('Pairs read well; the plenary was rushed');
  await signOut(page);

  // Before it is submitted, the head teacher sees the focus and not what is written.
  await openTheWalk(page, HEAD);
  await expect(page.getByText('Pairs read well; the plenary was rushed')).toHaveCount(0);
  await signOut(page);

  await openTheWalk(page, PARTNER);
  await expect(page.getByText('Pairs read well; the plenary was rushed')).toBeVisible();
  await page.getByLabel('The partner’s summary').fill('Expression modelled well; more time for the plenary');
  await page.getByLabel('Fidelity').selectOption('3');
  await page.getByLabel('Reach').selectOption('2');
  await page.getByRole('button', { name: 'Submit to the head teacher' }).click();
  await expect(page.getByText('With the head teacher')).toBeVisible();
  await signOut(page);

  await openTheWalk(page, HEAD);
  await page.getByLabel('The head teacher’s quality-assurance note').fill('Balanced and specific');
  await page.getByRole('button', { name: 'Confirm the record' }).click();
  await expect(page.getByText(/Confirmed by head\.teacher\.bramblewood/)).toBeVisible();
  await signOut(page);

  // The confirmed record is the teacher's final copy, their reflection kept.
  await openTheWalk(page, TEACHER);
  const record = page.getByRole('region', { name: 'The record' });
  await expect(record).toContainText('Pairs read well; the plenary was rushed');
  await expect(record).toContainText('Expression modelled well; more time for the plenary');
  await expect(record).toContainText('Fidelity: Mostly');
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await screenshot(page, 'monitoring-confirmed');
});
