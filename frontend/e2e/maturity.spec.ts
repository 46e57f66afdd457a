import { expect, test } from './fixtures';
import { openSchool, screenshot, signIn } from './helpers';

const HEAD = 'head.teacher.bramblewood@larkspur.example';
// The head teacher of another Larkspur school: Bramblewood's peer.
const PEER = 'head.teacher.kestrellane@larkspur.example';
const TRUST_LEADER = 'trust.leader@larkspur.example';

test('a head teacher completes a self-review, a peer from another school challenges two areas, the head agrees, and the radar shows the shift', async ({
  page,
}) => {
  await openSchool(page, HEAD);
  await page.getByRole('link', { name: 'Peer review and maturity' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Peer review and maturity' })).toBeVisible();
  // The demo's two agreed reviews already draw last year's shape and this year's.
  const shift = page.getByRole('region', { name: 'The shift: Teaching school peer review' });
  await expect(shift.getByRole('table')).toContainText('Overall');

  const start = page.getByRole('form', { name: 'Start a self-review' });
  await start.getByLabel('Framework').selectOption({ label: 'Teaching school peer review' });
  await start.getByLabel('Title').fill('Spring self-review');
  await start.getByRole('button', { name: 'Start the review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spring self-review' })).toBeVisible();
  const scores: Record<string, string> = { Leadership: '4', Infrastructure: '3', 'Initial teacher training': '2', 'Continuing professional development': '4', 'School-to-school support': '3' };
  for (const [area, score] of Object.entries(scores)) {
    const card = page.getByRole('region', { name: area, exact: true });
    await card.getByLabel('Best fit').selectOption(score);
    await card.getByLabel('Evidence', { exact: true }).fill(`${area}: minutes and the plan`);
  }
  await page.getByRole('region', { name: 'Leadership', exact: true }).getByLabel('Key actions to reach the next level').fill('Governors visit twice a term');
  const links = page.getByRole('group', { name: 'Evidence links for Leadership' });
  await links.getByLabel('Kind of record').selectOption('measure');
  await links.getByLabel("Its number, or a measure's code").fill('pct_at_are');
  await links.getByRole('button', { name: 'Add the link' }).click();
  await expect(links).toContainText('Measure pct_at_are');
  await page.getByLabel(/The peer who will challenge it/).fill(PEER);
  await page.getByRole('button', { name: 'Submit for challenge' }).click();
  await expect(page.getByText('Waiting for the peer’s challenge')).toBeVisible();
  const review = page.url();

  // The peer finds it under My actions, challenges two areas down a level, and sends it back.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, PEER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My actions' }).click();
  await page.getByRole('region', { name: 'Peer reviews to challenge' }).getByRole('link', { name: /Spring self-review/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spring self-review' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Leadership', exact: true })).toContainText('Measure pct_at_are');
  for (const [area, score, why] of [
    ['Leadership', '3', 'Governors are not yet engaged in every school'],
    ['Continuing professional development', '3', 'Impact is not yet evaluated'],
  ] as const) {
    const card = page.getByRole('region', { name: area, exact: true });
    await card.getByLabel('Your score').selectOption(score);
    await card.getByLabel('Challenge').fill(why);
  }
  await page.getByRole('button', { name: 'Send the challenge to the school' }).click();
  await expect(page.getByText('Challenged: the school responds')).toBeVisible();

  // The head responds, keeps one score and accepts the other, and agrees.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, HEAD);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(review);
  const leadership = page.getByRole('region', { name: 'Leadership', exact: true });
  await expect(leadership).toContainText('Governors are not yet engaged in every school');
  await leadership.getByLabel("The school's response").fill('Accepted: two schools to go');
  await page.getByRole('button', { name: 'Agree the scores' }).click();
  await expect(page.getByText(/Agreed by head\.teacher\.bramblewood/)).toBeVisible();
  await expect(page.getByText(/Overall: (Secure|Expanding) \(\d\)/)).toBeVisible();
  await screenshot(page, 'maturity-review-agreed');

  // The leadership area's key actions go into the school's plan as an action.
  await page.getByRole('button', { name: 'Send the key actions for Leadership to the plan' }).click();
  const send = page.getByRole('group', { name: 'Send the key actions for Leadership to the plan' });
  const due = new Date();
  due.setDate(due.getDate() + 30);
  await send.getByLabel('Due').fill(due.toISOString().slice(0, 10));
  await send.getByRole('button', { name: 'Add to the plan' }).click();
  await page.getByRole('status').getByRole('link', { name: 'the plan' }).click();
  await expect(page.getByText('Leadership: Governors visit twice a term').first()).toBeVisible();
  await page.goBack();

  // The radar now has this spring's shape over last year's, with the agreed numbers beside it.
  await page.getByRole('link', { name: /peer review/ }).first().click();
  const table = page.getByRole('region', { name: 'The shift: Teaching school peer review' }).getByRole('table');
  await expect(table.getByRole('row', { name: /^Leadership/ })).toContainText('3');
  await expect(table.getByRole('row', { name: /^Continuing professional development/ })).toContainText('3');
  await screenshot(page, 'maturity-radar');
});

test('the trust leader sees every school’s latest agreed scores as an areas-by-schools heat map', async ({ page }) => {
  await signIn(page, TRUST_LEADER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trust overview' }).click();
  await page.getByRole('link', { name: 'Peer review maturity across the trust' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Maturity across the trust' })).toBeVisible();
  const table = page.getByRole('table', { name: /agreed scores by area and school/ });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.getByRole('row', { name: /Bramblewood/ })).toContainText(/(Emerging|Expanding|Secure|Sustainable) \(\d\)/);
  await screenshot(page, 'maturity-heat-map');

  // The trust imports its own framework from a file; the shipped ones export as YAML.
  await page.getByRole('link', { name: /The frameworks/ }).click();
  const file = ['key: curriculum', 'name: Curriculum review', 'areas:', '  - key: intent', '    name: Intent', '    descriptors:']
    .concat(['1', '2', '3', '4'].map((l) => `      "${l}": Level ${l} of intent`))
    .join('\n');
  await page.getByLabel(/Import a framework file/).setInputFiles({ name: 'curriculum.yaml', mimeType: 'application/yaml', buffer: Buffer.from(file) });
  await expect(page.getByText('Imported Curriculum review, version 1.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Curriculum review/ })).toContainText('The trust');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Teaching school peer review (YAML)' }).click();
  expect((await download).suggestedFilename()).toBe('teaching_school-v1.yaml');
  // A file missing a level's descriptor is refused, naming where.
  await page.getByLabel(/Import a framework file/).setInputFiles({
    name: 'broken.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(file.replace(/\n\s+"4": Level 4 of intent/, '')),
  });
  await expect(page.getByRole('alert')).toBeVisible();
});
