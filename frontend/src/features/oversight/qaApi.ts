// The quality-assurance schedule through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

export type QaActivity = components['schemas']['QaActivityRead'];

export function loadSchoolSchedule(api: Api, schoolId: number): Promise<QaActivity[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/qa-activities', { params: { path: { school_id: schoolId } } }));
}

export function loadTrustSchedule(api: Api, trustId: number, mine: boolean): Promise<QaActivity[]> {
  return api.call((c) => c.GET('/api/v1/trusts/{trust_id}/qa-activities', { params: { path: { trust_id: trustId }, query: { mine } } }));
}

export function exportSchedule(api: Api, trustId: number, format: 'csv' | 'ics', mine: boolean): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/trusts/{trust_id}/qa-activities/export', {
      params: { path: { trust_id: trustId }, query: { format, mine } },
      parseAs: 'text',
    }),
  );
}

export function recordDone(api: Api, activity: QaActivity, report: string, doneOn: string): Promise<QaActivity> {
  return api.call((c) =>
    c.PATCH('/api/v1/qa-activities/{qa_activity_id}', {
      params: { path: { qa_activity_id: activity.id }, header: { 'If-Match': `"${activity.version}"` } },
      body: { done_on: doneOn, report },
    }),
  );
}

/** Add an activity to a school's schedule by hand, with the reason. */
export function addActivity(api: Api, schoolId: number, body: { kind: string; due_on: string; reason: string }): Promise<QaActivity> {
  return api.call((c) => c.POST('/api/v1/schools/{school_id}/qa-activities', { params: { path: { school_id: schoolId } }, body }));
}

/** Move an activity to another day or hand it to someone else, with the reason: it then stays
 * put when the school's category changes. */
export function moveActivity(api: Api, activity: QaActivity, change: { due_on?: string; owner_user_id?: number | null; reason?: string }): Promise<QaActivity> {
  return api.call((c) =>
    c.PATCH('/api/v1/qa-activities/{qa_activity_id}', {
      params: { path: { qa_activity_id: activity.id }, header: { 'If-Match': `"${activity.version}"` } },
      body: change,
    }),
  );
}

/** "Overdue", "Done 3 Dec", or "Due": an activity's state in a word or two. */
export function stateText(a: Pick<QaActivity, 'state' | 'overdue' | 'done_on'>, format: (iso: string) => string): string {
  if (a.state === 'done') return a.done_on ? `Done ${format(a.done_on)}` : 'Done';
  return a.overdue ? 'Overdue' : 'Due';
}

/** Who carries an activity out: the person named, or else its owning role in words. */
export function ownerOf(a: Pick<QaActivity, 'owner_name' | 'owner_role'>): string {
  return a.owner_name ?? (a.owner_role ?? '').replaceAll('_', ' ');
}
