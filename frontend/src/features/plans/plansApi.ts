// Plans through the generated client: reads with the ETag an edit sends back, and the edits.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

type Schemas = components['schemas'];
export type PlanRead = Schemas['PlanRead'];
export type PlanSummary = Schemas['PlanSummary'];
export type PlanCreate = Schemas['PlanCreate'];
export type PlanUpdate = Schemas['PlanUpdate'];
export type PriorityRead = Schemas['PriorityRead'];
export type PriorityWrite = Schemas['PriorityWrite'];
export type ActionRead = Schemas['ActionRead'];
export type ActionCreate = Schemas['ActionCreate'];
export type ActionUpdate = Schemas['ActionUpdate'];
export type CriterionRead = Schemas['CriterionRead'];
export type CriterionWrite = Schemas['CriterionWrite'];
export type ReviewRead = Schemas['ReviewRead'];
export type ReviewWrite = Schemas['ReviewWrite'];
export type MyAction = Schemas['MyAction'];
export type MeasureInfo = Schemas['MeasureInfo'];
export type MeasureRead = Schemas['MeasureRead'];
export type AuditEventRead = Schemas['AuditEventRead'];
export type PlanState = Schemas['PlanState'];
export type Rag = Schemas['Rag'];

export interface Tagged<T> {
  value: T;
  etag: string;
}

export function loadPlans(api: Api, schoolId: number): Promise<PlanSummary[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/plans', { params: { path: { school_id: schoolId } } }));
}

export function createPlan(api: Api, schoolId: number, body: PlanCreate): Promise<PlanRead> {
  return api.call((c) => c.POST('/api/v1/schools/{school_id}/plans', { params: { path: { school_id: schoolId } }, body }));
}

export async function loadPlan(api: Api, planId: number): Promise<Tagged<PlanRead>> {
  let etag = '';
  const value = await api.call(async (c) => {
    const result = await c.GET('/api/v1/plans/{plan_id}', { params: { path: { plan_id: planId } } });
    etag = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { value, etag };
}

export function updatePlan(api: Api, planId: number, etag: string, body: PlanUpdate): Promise<PlanRead> {
  return api.call((c) =>
    c.PATCH('/api/v1/plans/{plan_id}', { params: { path: { plan_id: planId }, header: { 'If-Match': etag } }, body }),
  );
}

export function addPriority(api: Api, planId: number, body: PriorityWrite): Promise<PriorityRead> {
  return api.call((c) => c.POST('/api/v1/plans/{plan_id}/priorities', { params: { path: { plan_id: planId } }, body }));
}

export function addAction(api: Api, planId: number, body: ActionCreate): Promise<ActionRead> {
  return api.call((c) => c.POST('/api/v1/plans/{plan_id}/actions', { params: { path: { plan_id: planId } }, body }));
}

/** An action's edit sends the version the page read it at (its ETag is `"<version>"`). */
export function updateAction(api: Api, action: { id: number; version: number }, body: ActionUpdate): Promise<ActionRead> {
  return api.call((c) =>
    c.PATCH('/api/v1/actions/{action_id}', {
      params: { path: { action_id: action.id }, header: { 'If-Match': `"${action.version}"` } },
      body,
    }),
  );
}

export async function removeAction(api: Api, action: { id: number; version: number }): Promise<void> {
  await api.call((c) =>
    c.DELETE('/api/v1/actions/{action_id}', {
      params: { path: { action_id: action.id }, header: { 'If-Match': `"${action.version}"` } },
    }),
  );
}

export async function removeCriterion(api: Api, criterion: { id: number; version: number }): Promise<void> {
  await api.call((c) =>
    c.DELETE('/api/v1/success-criteria/{criterion_id}', {
      params: { path: { criterion_id: criterion.id }, header: { 'If-Match': `"${criterion.version}"` } },
    }),
  );
}

export function addCriterion(api: Api, planId: number, body: CriterionWrite): Promise<CriterionRead> {
  return api.call((c) =>
    c.POST('/api/v1/plans/{plan_id}/success-criteria', { params: { path: { plan_id: planId } }, body }),
  );
}

export function startReview(api: Api, planId: number): Promise<ReviewRead> {
  return api.call((c) => c.POST('/api/v1/plans/{plan_id}/review', { params: { path: { plan_id: planId } } }));
}

export async function loadReview(api: Api, planId: number): Promise<Tagged<ReviewRead>> {
  let etag = '';
  const value = await api.call(async (c) => {
    const result = await c.GET('/api/v1/plans/{plan_id}/review', { params: { path: { plan_id: planId } } });
    etag = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { value, etag };
}

export async function updateReview(api: Api, planId: number, etag: string, body: ReviewWrite): Promise<Tagged<ReviewRead>> {
  let next = '';
  const value = await api.call(async (c) => {
    const result = await c.PATCH('/api/v1/plans/{plan_id}/review', {
      params: { path: { plan_id: planId }, header: { 'If-Match': etag } },
      body,
    });
    next = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { value, etag: next };
}

export function carryForward(api: Api, planId: number): Promise<PlanRead> {
  return api.call((c) => c.POST('/api/v1/plans/{plan_id}/carry-forward', { params: { path: { plan_id: planId } } }));
}

export function loadHistory(api: Api, planId: number): Promise<AuditEventRead[]> {
  return api.call((c) => c.GET('/api/v1/plans/{plan_id}/history', { params: { path: { plan_id: planId } } }));
}

export function loadMyActions(api: Api): Promise<MyAction[]> {
  return api.call((c) => c.GET('/api/v1/me/actions'));
}

export function loadCatalogue(api: Api): Promise<MeasureInfo[]> {
  return api.call((c) => c.GET('/api/v1/measures'));
}

export interface MeasureQuery {
  code: string;
  subject: string;
  year_group?: string[];
  subgroup?: Schemas['Subgroup'];
  target_group_id?: number;
  point_id?: number;
}

export function previewMeasure(api: Api, schoolId: number, q: MeasureQuery): Promise<MeasureRead> {
  const { code, ...query } = q;
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/measures/{code}', { params: { path: { school_id: schoolId, code }, query } }),
  );
}

/** The plan's actions and criteria as CSV, fetched with the bearer token. */
export function exportPlan(api: Api, planId: number): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/plans/{plan_id}/export', {
      params: { path: { plan_id: planId }, query: { format: 'csv' } },
      parseAs: 'text',
    }),
  );
}

/** The priorities of the school's active plans, named with their plan: where new actions go. */
export async function loadActivePriorities(api: Api, schoolId: number): Promise<{ planId: number; priorityId: number; label: string }[]> {
  const active = (await loadPlans(api, schoolId)).filter((p) => p.state === 'active');
  const plans = await Promise.all(active.map((p) => loadPlan(api, p.id)));
  return plans.flatMap((p) => p.value.priorities.map((pr) => ({ planId: p.value.id, priorityId: pr.id, label: `${p.value.title}: ${pr.title}` })));
}
