// Monitoring activities through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

type Schemas = components['schemas'];
export type Activity = Schemas['ActivityRead'];
export type ActivitySummary = Schemas['ActivitySummary'];
export type ActivityCreate = Schemas['ActivityCreate'];
export type ActivityUpdate = Schemas['ActivityUpdate'];

export function loadActivities(api: Api, schoolId: number): Promise<ActivitySummary[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/monitoring-activities', { params: { path: { school_id: schoolId } } }));
}

export function agreeActivity(api: Api, schoolId: number, body: ActivityCreate): Promise<Activity> {
  return api.call((c) => c.POST('/api/v1/schools/{school_id}/monitoring-activities', { params: { path: { school_id: schoolId } }, body }));
}

export function loadActivity(api: Api, id: number): Promise<Activity> {
  return api.call((c) => c.GET('/api/v1/monitoring-activities/{activity_id}', { params: { path: { activity_id: id } } }));
}

export function updateActivity(api: Api, activity: Activity, body: ActivityUpdate): Promise<Activity> {
  return api.call((c) =>
    c.PATCH('/api/v1/monitoring-activities/{activity_id}', {
      params: { path: { activity_id: activity.id }, header: { 'If-Match': `"${activity.version}"` } },
      body,
    }),
  );
}

export const KINDS: Record<Activity['kind'], string> = {
  learning_walk: 'Learning walk',
  drop_in: 'Lesson drop-in',
  book_look: 'Book look',
  pupil_voice: 'Pupil-voice panel',
};

export const STATES: Record<Activity['state'], string> = {
  planned: 'Agreed: being written',
  submitted: 'With the head teacher',
  confirmed: 'Confirmed',
};

export const OUTCOMES = ['fidelity', 'acceptability', 'reach', 'feasibility'] as const;
export const RATINGS: Record<number, string> = { 1: 'Not yet', 2: 'Partly', 3: 'Mostly', 4: 'Fully' };

/** What the signed-in person may write now, by the part they play and the activity's state. */
export function writable(activity: Pick<Activity, 'state' | 'acting_as'>): Set<keyof ActivityUpdate> {
  const out = new Set<keyof ActivityUpdate>();
  const as = new Set(activity.acting_as);
  if (activity.state === 'planned') {
    if (as.has('teacher')) out.add('reflection').add('teacher_response');
    if (as.has('partner')) ['summary', ...OUTCOMES].forEach((f) => out.add(f as keyof ActivityUpdate));
  }
  if (activity.state === 'submitted') {
    if (as.has('teacher')) out.add('teacher_response');
    if (as.has('leader')) out.add('quality_note');
  }
  return out;
}
