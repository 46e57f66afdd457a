import type { APIRequestContext, Page } from '@playwright/test';
import { apiGet, apiToken } from './api';
import { expect, test } from './fixtures';
import { openSchool, screenshot } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
const Y4_TEACHER = 'niamh.bramblewood@larkspur.example';

interface ApiFlags {
  point: { id: number };
  items: { pupil_id: number; first_name: string; last_name: string; flag: string | null; muted_reason: string | null }[];
}
interface ApiGroup {
  id: number;
  name: string;
  term: string;
  archived_at: string | null;
}

/** Y4 pupils falling behind in writing: the demo always has some. */
const FALLING_BEHIND = 'subject=writing&year_group=Y4&flag=falling_behind';

async function fallingBehind(request: APIRequestContext, token: string, schoolId: number): Promise<ApiFlags> {
  const flags = await apiGet<ApiFlags>(request, token, `/api/v1/schools/${schoolId}/tracking/flags?${FALLING_BEHIND}`);
  expect(flags.items.length, 'demo Y4 pupils falling behind in writing').toBeGreaterThan(0);
  return flags;
}

async function muteThroughApi(
  request: APIRequestContext,
  token: string,
  schoolId: number,
  flags: ApiFlags,
  reason: string,
): Promise<number> {
  const pupil = flags.items[0]!;
  const response = await request.post(`/api/v1/schools/${schoolId}/flag-mutes`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { pupil_id: pupil.pupil_id, subject: 'writing', point_id: flags.point.id, flag: pupil.flag, reason },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function unmuteThroughApi(request: APIRequestContext, token: string, muteId: number): Promise<void> {
  const response = await request.delete(`/api/v1/flag-mutes/${muteId}`, { headers: { Authorization: `Bearer ${token}` } });
  expect([204, 404]).toContain(response.status());
}

/** The rows of the flags table for one pupil. */
const flagRow = (page: Page, name: string) =>
  page.locator('table.tracking-flags tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

test('a head teacher mutes a flag with a reason: it leaves the flag list, shows in Muted flags with the reason, and unmuting brings it back', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const flags = await fallingBehind(request, token, schoolId);
  const pupil = flags.items.find((p) => !p.muted_reason)!;
  const name = `${pupil.first_name} ${pupil.last_name}`;
  const n = flags.items.length;

  await page.getByRole('link', { name: 'Pupil flags' }).click();
  await page.getByLabel('Subject').selectOption('writing');
  await page.getByLabel('Year group').selectOption('Y4');
  await page.getByLabel('Flag', { exact: true }).selectOption('falling_behind');
  await expect(page.getByRole('status').filter({ hasText: `${n} ${n === 1 ? 'pupil' : 'pupils'}.` })).toBeVisible();

  // The reason is required.
  await flagRow(page, name).getByRole('button', { name: `Mute the flag of ${name}` }).click();
  const form = page.getByRole('form', { name: `Mute the flag of ${name}` });
  const reason = form.getByLabel(`Why does ${name}'s “Falling behind” flag need no action?`);
  await expect(reason).toBeFocused();
  await form.getByRole('button', { name: 'Mute the flag' }).click();
  await expect(form.getByText('Say why this flag needs no action.')).toBeVisible();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');

  const why = `Joined in January; baseline taken late (${Date.now()}).`;
  await reason.fill(why);
  await screenshot(page, 'tracking-flags-mute');
  await form.getByRole('button', { name: 'Mute the flag' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Muted the flag of ${name}.` })).toBeVisible();
  await expect(flagRow(page, name)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `${n - 1} ${n - 1 === 1 ? 'pupil' : 'pupils'}.` })).toBeVisible();

  // Shown again, with its reason, when muted flags are asked for.
  await page.getByLabel('Show muted flags').check();
  await expect(page).toHaveURL(/muted=1/);
  await expect(page.getByText('Loading the pupils…')).toHaveCount(0);
  await expect(flagRow(page, name)).toContainText(`Muted: ${why}`);
  await expect(flagRow(page, name).getByRole('button', { name: `Unmute the flag of ${name}` })).toBeVisible();

  // The school's list of muted flags has it, newest first, with who muted it and why.
  await page.getByRole('navigation', { name: 'Tracking views' }).getByRole('link', { name: 'Muted flags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Muted flags' })).toBeVisible();
  const rows = page.locator('table.muted-flags tbody tr');
  await expect(rows.first().getByRole('rowheader')).toHaveText(name);
  const row = rows.filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row).toContainText(why);
  await expect(row).toContainText('Writing');
  await expect(row.locator('.flag')).toHaveText('Falling behind');
  await expect(row).toContainText(HEAD);
  await screenshot(page, 'tracking-muted-flags');

  await row.getByRole('button', { name: `Unmute the flag of ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Unmuted the flag of ${name}.` })).toBeVisible();
  await expect(row).toHaveCount(0);

  // Back in the flag list, unmuted.
  await page.goto(`/schools/${schoolId}/tracking/flags?subject=writing&year=Y4&flag=falling_behind`);
  await expect(flagRow(page, name)).toBeVisible();
  await expect(flagRow(page, name)).not.toContainText('Muted:');
  await expect(page.getByRole('status').filter({ hasText: `${n} ${n === 1 ? 'pupil' : 'pupils'}.` })).toBeVisible();
});

test('with muted flags shown, a head teacher unmutes one from the flag list itself', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const flags = await fallingBehind(request, token, schoolId);
  const pupil = flags.items[0]!;
  const name = `${pupil.first_name} ${pupil.last_name}`;
  const muteId = await muteThroughApi(request, token, schoolId, flags, 'Reassessed by the SENCO.');

  await page.goto(`/schools/${schoolId}/tracking/flags?subject=writing&year=Y4&flag=falling_behind&muted=1`);
  await expect(page.getByLabel('Show muted flags')).toBeChecked();
  await expect(flagRow(page, name)).toContainText('Muted: Reassessed by the SENCO.');
  await flagRow(page, name).getByRole('button', { name: `Unmute the flag of ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Unmuted the flag of ${name}.` })).toBeVisible();
  await expect(flagRow(page, name)).not.toContainText('Muted:');
  await expect(flagRow(page, name).getByRole('button', { name: `Mute the flag of ${name}` })).toBeVisible();

  const mutes = await apiGet<{ items: { id: number }[] }>(request, token, `/api/v1/schools/${schoolId}/flag-mutes`);
  expect(mutes.items.map((m) => m.id)).not.toContain(muteId);
});

test('muting a flag someone else has just muted says so beside the form and offers to reload the list', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const flags = await fallingBehind(request, token, schoolId);
  const pupil = flags.items[0]!;
  const name = `${pupil.first_name} ${pupil.last_name}`;

  await page.goto(`/schools/${schoolId}/tracking/flags?subject=writing&year=Y4&flag=falling_behind`);
  await flagRow(page, name).getByRole('button', { name: `Mute the flag of ${name}` }).click();
  const form = page.getByRole('form', { name: `Mute the flag of ${name}` });
  await form.getByRole('textbox').fill('Moved to a new writing group.');

  const muteId = await muteThroughApi(request, token, schoolId, flags, 'Muted first, elsewhere.');
  try {
    await form.getByRole('button', { name: 'Mute the flag' }).click();
    await expect(form.getByRole('alert')).toContainText('This flag is already muted.');
    await form.getByRole('button', { name: 'Reload the list' }).click();
    await expect(flagRow(page, name)).toHaveCount(0);
  } finally {
    await unmuteThroughApi(request, token, muteId);
  }
});

test('staff who may not see the school\'s muted flags get the usual no-permission panel', async ({ page }) => {
  const schoolId = await openSchool(page, Y4_TEACHER);
  await page.goto(`/schools/${schoolId}/tracking/mutes`);
  await expect(page.getByRole('heading', { level: 1, name: 'Muted flags' })).toBeVisible();
  const panel = page.getByRole('alert');
  await expect(panel.getByRole('heading', { name: 'No permission' })).toBeVisible();
  await expect(panel).toContainText('You do not have permission to see this.');
  await expect(page.locator('table.muted-flags')).toHaveCount(0);
});

/** A writing target group made through the API, with one suggested pupil. */
async function createGroup(request: APIRequestContext, token: string, schoolId: number, name: string): Promise<ApiGroup> {
  const suggestions = await apiGet<{ items: { pupil_id: number }[] }>(
    request,
    token,
    `/api/v1/schools/${schoolId}/target-groups/suggestions?subject=writing`,
  );
  const response = await request.post(`/api/v1/schools/${schoolId}/target-groups`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { name, subject: 'writing', term: 'spr', pupil_ids: suggestions.items.slice(0, 1).map((s) => s.pupil_id) },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as ApiGroup;
}

async function deleteGroup(request: APIRequestContext, token: string, groupId: number): Promise<void> {
  await request.delete(`/api/v1/target-groups/${groupId}`, { headers: { Authorization: `Bearer ${token}` } });
}

async function openGroup(page: Page, schoolId: number, group: ApiGroup): Promise<void> {
  await page.goto(`/schools/${schoolId}/tracking/target-groups/${group.id}`);
  await expect(page.getByRole('heading', { level: 2, name: group.name, exact: true })).toBeVisible();
}

/** The row of a group in the list of spring writing groups. */
async function listedGroup(page: Page, name: string, archived: boolean) {
  await page.getByRole('navigation', { name: 'Tracking views' }).getByRole('link', { name: 'Target groups' }).click();
  await page.getByLabel('Subject').selectOption('writing');
  await page.getByLabel('Term', { exact: true }).selectOption('spr');
  const toggle = page.getByLabel('Show archived groups');
  if (archived) await toggle.check();
  else await toggle.uncheck();
  // The list follows the address: wait for the address to carry every choice, then for its load.
  await expect(page).toHaveURL(/[?&]subject=writing/);
  await expect(page).toHaveURL(/[?&]term=spr/);
  if (archived) await expect(page).toHaveURL(/[?&]archived=1/);
  else await expect(page).not.toHaveURL(/[?&]archived=1/);
  await expect(page.getByText('Loading the groups…')).toHaveCount(0);
  return page.locator('table.target-groups tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('a head teacher renames a target group and sees the new name; an empty name is refused beside the field', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const stamp = Date.now();
  const group = await createGroup(request, token, schoolId, `Spring writing ${stamp}`);
  await openGroup(page, schoolId, group);

  await page.getByRole('button', { name: 'Rename' }).click();
  const field = page.getByLabel('New name');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(group.name);
  await field.fill('   ');
  await page.getByRole('button', { name: 'Save the name' }).click();
  await expect(page.getByText('Give the group a name.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  await expect(field).toHaveAttribute('aria-describedby', 'group-new-name-error');

  const renamed = `Spring writing renamed ${stamp}`;
  await field.fill(renamed);
  await page.getByRole('button', { name: 'Save the name' }).click();
  await expect(page.getByRole('heading', { level: 2, name: renamed, exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Renamed the group to “${renamed}”.` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rename' })).toBeFocused();

  // Saved on the server, and listed by its new name.
  expect((await apiGet<ApiGroup>(request, token, `/api/v1/target-groups/${group.id}`)).name).toBe(renamed);
  await expect(await listedGroup(page, renamed, false)).toHaveCount(1);

  await deleteGroup(request, token, group.id);
});

test('a head teacher archives a target group: it leaves the term\'s list unless archived groups are shown, and restoring brings it back', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const group = await createGroup(request, token, schoolId, `Spring writing to archive ${Date.now()}`);
  await openGroup(page, schoolId, group);

  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText(/^Archived on .*: the group is left out of the list/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore' })).toBeVisible();
  expect((await apiGet<ApiGroup>(request, token, `/api/v1/target-groups/${group.id}`)).archived_at).not.toBeNull();
  await screenshot(page, 'tracking-target-group-archived');

  await expect(await listedGroup(page, group.name, false)).toHaveCount(0);
  const archivedRow = await listedGroup(page, group.name, true);
  await expect(archivedRow.locator('.tag')).toHaveText('Archived');

  await archivedRow.getByRole('link', { name: group.name, exact: true }).click();
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();
  await expect(page.getByText(/^Archived on/)).toHaveCount(0);

  const restoredRow = await listedGroup(page, group.name, false);
  await expect(restoredRow).toHaveCount(1);
  await expect(restoredRow.locator('.tag')).toHaveCount(0);

  await deleteGroup(request, token, group.id);
});

test('saving a rename after someone else changed the group says "Someone else changed this group", and reloading shows their change', async ({ page, request }) => {
  const schoolId = await openSchool(page, HEAD);
  const token = await apiToken(request, HEAD);
  const group = await createGroup(request, token, schoolId, `Spring writing shared ${Date.now()}`);
  await openGroup(page, schoolId, group);

  // Someone else renames it, with the version they read.
  const read = await request.get(`/api/v1/target-groups/${group.id}`, { headers: { Authorization: `Bearer ${token}` } });
  const etag = read.headers()['etag'];
  expect(etag, 'the group\'s ETag').toBeTruthy();
  const theirs = `${group.name} (changed elsewhere)`;
  const patched = await request.patch(`/api/v1/target-groups/${group.id}`, {
    headers: { Authorization: `Bearer ${token}`, 'If-Match': etag! },
    data: { name: theirs },
  });
  expect(patched.status(), await patched.text()).toBe(200);

  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill(`${group.name} (mine)`);
  await page.getByRole('button', { name: 'Save the name' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this group; reload to see their change.' });
  await expect(alert).toBeVisible();
  await screenshot(page, 'tracking-target-group-stale');
  expect((await apiGet<ApiGroup>(request, token, `/api/v1/target-groups/${group.id}`)).name).toBe(theirs);

  await alert.getByRole('button', { name: 'Reload the group' }).click();
  await expect(page.getByRole('heading', { level: 2, name: theirs, exact: true })).toBeVisible();

  // With the version just read, the next change goes through.
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByRole('button', { name: 'Restore' })).toBeVisible();

  await deleteGroup(request, token, group.id);
});

test('filter controls show what was chosen at once, while a slow list is still loading', async ({ page }) => {
  const schoolId = await openSchool(page, HEAD);
  await page.goto(`/schools/${schoolId}/tracking/flags?subject=writing&year=Y4`);
  await expect(page.getByText('Loading the pupils…')).toHaveCount(0);

  // Hold the next flag list back until the controls have been looked at.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/schools/*/tracking/flags?*', async (route) => {
    await held;
    await route.continue();
  });
  // A slower processor widens the moment between the click and the router's render.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  try {
    // `check()` reads the box straight after clicking it: it fails if the box springs back.
    const muted = page.getByLabel('Show muted flags');
    await muted.check();
    await page.getByLabel('Flag', { exact: true }).selectOption('stuck');
    await expect(page.getByLabel('Flag', { exact: true })).toHaveValue('stuck');
    await expect(page.getByText('Loading the pupils…')).toBeVisible();
  } finally {
    release();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  await expect(page).toHaveURL(/muted=1/);
  await expect(page).toHaveURL(/flag=stuck/);
  await expect(page.getByText('Loading the pupils…')).toHaveCount(0);
  await expect(page.getByLabel('Show muted flags')).toBeChecked();

  // Going back returns the controls to what the address then said.
  await page.goBack();
  await expect(page).not.toHaveURL(/flag=stuck/);
  await expect(page.getByLabel('Flag', { exact: true })).not.toHaveValue('stuck');
});
