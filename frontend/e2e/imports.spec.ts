import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { apiGet, apiToken, currentYear, type ApiPupil } from './api';
import { expect, test } from './fixtures';
import { screenshot, signIn } from './helpers';
import { badUpn, freshUpn } from './upn';

const OFFICER = 'data.officer@larkspur.example';
const HEAD = 'head.teacher.bramblewood@larkspur.example';
const BRAMBLEWOOD = 'Bramblewood Primary School';
const HEADER = 'upn,legal_first_name,legal_last_name,date_of_birth,gender,academic_year,year_group,class';

interface NewPupil {
  upn: string;
  first: string;
  last: string;
}

function pupilsCsv(year: string, pupils: NewPupil[]): string {
  const rows = pupils.map((p, i) => `${p.upn},${p.first},${p.last},2021-0${i + 1}-15,${i % 2 ? 'M' : 'F'},${year},R,Robins`);
  return `${HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

async function openImport(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByRole('heading', { level: 1, name: /^(What needs your attention|Trust dashboard)$/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import data' }).click();
  await expect(page).toHaveURL(/\/imports/);
  await expect(page.getByRole('heading', { level: 1, name: 'Import data' })).toBeVisible();
  await expect(page).toHaveTitle('Import data – Termwise');
}

async function upload(page: Page, name: string, csv: string, mode: 'All or nothing' | 'Partial' = 'All or nothing') {
  await page.getByLabel('School', { exact: true }).selectOption({ label: BRAMBLEWOOD });
  await page.getByLabel('CSV (Termwise pupils or results template)').check();
  await page.getByLabel(mode, { exact: true }).check();
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Upload and import' }).click();
}

/** The job card of the import just started. */
function job(page: Page, filename: string) {
  return page.getByRole('region', { name: `Import of ${filename}` });
}

test('a data officer imports two new pupils for Bramblewood and sees them created', async ({ page, request }) => {
  const token = await apiToken(request, OFFICER);
  const year = await currentYear(request, token);
  const pupils: NewPupil[] = [
    { upn: freshUpn(), first: 'Marigold', last: 'Testwhistle' },
    { upn: freshUpn(), first: 'Barnaby', last: 'Testwhistle' },
  ];
  expect(pupils[0]!.upn).not.toBe(pupils[1]!.upn);

  await openImport(page, OFFICER);
  // A trust-wide data officer chooses the school; templates are there to download.
  await expect(page.getByLabel('School', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download the pupils template' })).toBeVisible();
  await screenshot(page, 'import-form');

  // Nothing chosen yet: the form says what is missing.
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText('Choose a file to upload.')).toBeVisible();

  await upload(page, 'two-new-pupils.csv', pupilsCsv(year, pupils));
  await expect(page).toHaveURL(/\/imports\?school=\d+&job=\d+$/);
  const card = job(page, 'two-new-pupils.csv');
  await expect(card).toBeVisible();
  await expect(card.getByLabel('Progress')).toBeVisible();
  await expect(card.locator('.status')).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(card.getByText('The import succeeded.')).toBeVisible();
  await expect(card.getByText('Pupils: 2 created, 0 updated, 0 unchanged, 0 rejected.')).toBeVisible();
  await expect(card.getByRole('region', { name: /^Pupils: 2 created/ })).toBeVisible();
  await expect(card.getByLabel('Progress')).toHaveAttribute('value', '100');
  await expect(card.getByRole('heading', { name: /^Errors/ })).toHaveCount(0);
  await screenshot(page, 'import-succeeded');

  // The recent imports list has it, and the pupils are there to find.
  const recent = page.getByRole('region', { name: `Recent imports for ${BRAMBLEWOOD}` });
  await expect(recent.getByRole('row', { name: /two-new-pupils\.csv/ })).toContainText('Succeeded');
  const found = await apiGet<{ items: ApiPupil[] }>(request, token, `/api/v1/pupils?upn=${pupils[0]!.upn}`);
  expect(found.items.map((p) => p.legal_first_name)).toEqual(['Marigold']);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils' }).click();
  await page.getByLabel('School', { exact: true }).selectOption({ label: BRAMBLEWOOD });
  await page.getByLabel('Search by name or UPN').fill('Testwhistle');
  await page.getByLabel('Search by name or UPN').press('Enter');
  await expect(page.locator('table.table--pupils tbody tr')).toHaveCount(2);
  await expect(page.getByRole('row', { name: /Marigold Testwhistle/ })).toContainText(pupils[0]!.upn);
});

test('an all-or-nothing import with a bad UPN fails, naming the row and field, with a report to download', async ({
  page,
  request,
}) => {
  const token = await apiToken(request, OFFICER);
  const year = await currentYear(request, token);
  const good = { upn: freshUpn(), first: 'Clementine', last: 'Failwright' };
  const bad = { upn: badUpn(freshUpn()), first: 'Rufus', last: 'Failwright' };

  await openImport(page, OFFICER);
  await upload(page, 'one-bad-upn.csv', pupilsCsv(year, [good, bad]));
  const card = job(page, 'one-bad-upn.csv');
  await expect(card.locator('.status')).toHaveText('Failed', { timeout: 20_000 });
  await expect(card.getByText('The import failed: nothing was imported.')).toBeVisible();

  // The error names row 2 (the second data row) and its upn field.
  const errors = card.getByRole('table', { name: 'Rows that were not imported, and why' });
  await expect(errors).toBeVisible();
  const row = errors.locator('tbody tr').first();
  await expect(row.locator('th')).toHaveText('2');
  await expect(row).toContainText('upn');
  await expect(row).toContainText(/check letter/i);
  await screenshot(page, 'import-failed');

  // All or nothing: the good row was not imported either.
  const found = await apiGet<{ items: ApiPupil[] }>(request, token, `/api/v1/pupils?upn=${good.upn}`);
  expect(found.items).toEqual([]);

  // The error report downloads as CSV, with the bearer token, through the app.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download error report (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^import-\d+-errors\.csv$/);
  const report = await readFile((await download.path())!, 'utf8');
  expect(report.split(/\r?\n/)[0]).toBe('section,row,field,code,message');
  expect(report).toContain(',2,upn,');

  const recent = page.getByRole('region', { name: `Recent imports for ${BRAMBLEWOOD}` });
  await expect(recent.getByRole('row', { name: /one-bad-upn\.csv/ })).toContainText('Failed');
});

test('the CSV templates download, and a head teacher imports only into their own school', async ({ page }) => {
  await openImport(page, HEAD);
  await expect(page.getByText(`Importing into ${BRAMBLEWOOD}`)).toBeVisible();
  await expect(page.getByLabel('School', { exact: true })).toHaveCount(0);
  for (const kind of ['pupils', 'results']) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download the ${kind} template` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`termwise-${kind}.csv`);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.startsWith('upn,mis_id,')).toBe(true);
  }
});
