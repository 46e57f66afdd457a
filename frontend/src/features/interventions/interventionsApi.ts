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
