// The periods a board report is usually asked for: the last 100 days, or the term so far.

export interface Period {
  label: string;
  starts: string;
  ends: string;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The school term a day falls in (autumn from September, spring from January, summer from
 * Easter, taken as 1 April), from its start to that day. */
export function termSoFar(today: Date): Period {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const [name, starts] =
    month >= 8 ? ['autumn', `${year}-09-01`] : month >= 3 ? ['summer', `${year}-04-01`] : ['spring', `${year}-01-01`];
  return { label: `The ${name} term so far`, starts, ends: iso(today) };
}

export function presets(today: Date): Period[] {
  const hundredDaysAgo = new Date(today.getTime() - 100 * 24 * 3600 * 1000);
  return [{ label: 'The last 100 days', starts: iso(hundredDaysAgo), ends: iso(today) }, termSoFar(today)];
}
