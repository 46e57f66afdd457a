// Interventions and their impact through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

type Schemas = components['schemas'];
export type InterventionRead = Schemas['InterventionRead'];
export type InterventionWrite = Schemas['InterventionWrite'];
export type ImpactRead = Schemas['ImpactRead'];

export function loadInterventions(api: Api, schoolId: number): Promise<InterventionRead[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/interventions', { params: { path: { school_id: schoolId } } }));
}

export function startIntervention(api: Api, schoolId: number, body: InterventionWrite): Promise<InterventionRead> {
  return api.call((c) => c.POST('/api/v1/schools/{school_id}/interventions', { params: { path: { school_id: schoolId } }, body }));
}

export function loadIntervention(api: Api, id: number): Promise<InterventionRead> {
  return api.call((c) => c.GET('/api/v1/interventions/{intervention_id}', { params: { path: { intervention_id: id } } }));
}

export function loadImpact(api: Api, id: number): Promise<ImpactRead> {
  return api.call((c) => c.GET('/api/v1/interventions/{intervention_id}/impact', { params: { path: { intervention_id: id } } }));
}

/** "?pupils=4,9&subject=reading&action=12" → what a new intervention starts from. */
export function startingFrom(params: URLSearchParams): { pupilIds: number[]; subject: string; actionId: number | null; name: string } {
  const pupilIds = (params.get('pupils') ?? '')
    .split(',')
    .filter((p) => /^\d{1,10}$/.test(p))
    .map(Number);
  const action = params.get('action');
  return {
    pupilIds,
    subject: /^[a-z_]{1,30}$/.test(params.get('subject') ?? '') ? params.get('subject')! : 'reading',
    actionId: action && /^\d{1,10}$/.test(action) ? Number(action) : null,
    name: (params.get('name') ?? '').slice(0, 200),
  };
}

/** "+1.0 steps (−0.4 to +2.3)" */
export function differenceText(impact: Pick<ImpactRead, 'difference' | 'interval'>): string | null {
  if (impact.difference === null || impact.difference === undefined || !impact.interval) return null;
  const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
  return `${signed(impact.difference)} steps (95% interval ${signed(impact.interval[0]!)} to ${signed(impact.interval[1]!)})`;
}

export type ProvisionMap = Schemas['ProvisionMap'];
export type ProvisionRow = Schemas['ProvisionRow'];

export function loadProvisionMap(api: Api, schoolId: number, year?: string): Promise<ProvisionMap> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/provision-map', { params: { path: { school_id: schoolId }, query: { academic_year: year } } }),
  );
}

export function exportProvisionMapCsv(api: Api, schoolId: number, year: string): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/provision-map/export', {
      params: { path: { school_id: schoolId }, query: { format: 'csv', academic_year: year } },
      parseAs: 'text',
    }),
  );
}

export function exportProvisionMapXlsx(api: Api, schoolId: number, year: string): Promise<Blob> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/provision-map/export', {
      params: { path: { school_id: schoolId }, query: { format: 'xlsx', academic_year: year } },
      parseAs: 'blob',
    }),
  );
}

/** "2026/27" and the two years before it, newest first. */
export function recentYears(code: string): string[] {
  const start = Number(code.slice(0, 4));
  return [0, 1, 2].map((back) => `${start - back}/${String((start - back + 1) % 100).padStart(2, '0')}`);
}

/** The link that starts an intervention for these pupils, from wherever they were chosen. */
export function startLink(schoolId: number, pupilIds: readonly number[], subject: string, name = ''): string {
  const query = new URLSearchParams({ pupils: pupilIds.join(','), subject });
  if (name) query.set('name', name);
  return `/schools/${schoolId}/interventions?${query.toString()}`;
}

/** What the provision map says of an intervention's impact, in a few words. */
export function impactSummary(row: Pick<ProvisionRow, 'measurable' | 'impact_note' | 'difference' | 'interval' | 'group_mean_gain' | 'expected_mean_gain'>): string {
  const against = differenceText(row);
  if (against) return `${against} against similar pupils`;
  if (row.measurable && row.group_mean_gain !== null && row.expected_mean_gain !== null) {
    return `Mean gain ${row.group_mean_gain.toFixed(1)} (expected ${row.expected_mean_gain.toFixed(1)}); ${row.impact_note ?? ''}`.replace(/; $/, '');
  }
  return row.impact_note ?? '—';
}
