// Pupil progress meetings through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

type Schemas = components['schemas'];
export type MeetingRead = Schemas['MeetingRead'];
export type MeetingSummary = Schemas['MeetingSummary'];
export type MeetingCreate = Schemas['MeetingCreate'];
export type AgendaPupil = Schemas['AgendaPupil'];
export type MeetingAction = Schemas['MeetingActionRead'];
export type DiscussionCreate = Schemas['DiscussionCreate'];
export type MeetingActionCreate = Schemas['MeetingActionCreate'];
export type Outcome = Schemas['Outcome'];

export function loadMeetings(api: Api, schoolId: number): Promise<MeetingSummary[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/meetings', { params: { path: { school_id: schoolId } } }));
}

export function openMeeting(api: Api, classId: number, body: MeetingCreate): Promise<MeetingRead> {
  return api.call((c) => c.POST('/api/v1/classes/{class_id}/meetings', { params: { path: { class_id: classId } }, body }));
}

export function loadMeeting(api: Api, meetingId: number): Promise<MeetingRead> {
  return api.call((c) => c.GET('/api/v1/meetings/{meeting_id}', { params: { path: { meeting_id: meetingId } } }));
}

export function discuss(api: Api, meetingId: number, body: DiscussionCreate): Promise<unknown> {
  return api.call((c) => c.POST('/api/v1/meetings/{meeting_id}/pupils', { params: { path: { meeting_id: meetingId } }, body }));
}

export function agreeAction(api: Api, meetingId: number, body: MeetingActionCreate): Promise<MeetingAction> {
  return api.call((c) => c.POST('/api/v1/meetings/{meeting_id}/actions', { params: { path: { meeting_id: meetingId } }, body }));
}

/** What came of an action, recorded at this (later) meeting; sends the version it was read at. */
export function followUp(api: Api, action: MeetingAction, outcome: Outcome, meetingId: number): Promise<MeetingAction> {
  return api.call((c) =>
    c.PATCH('/api/v1/meeting-actions/{meeting_action_id}', {
      params: { path: { meeting_action_id: action.id }, header: { 'If-Match': `"${action.version}"` } },
      body: { outcome, followed_up_in_id: meetingId },
    }),
  );
}

export const CATEGORIES: Record<AgendaPupil['category'], string> = {
  falling_behind: 'Falling behind',
  slow_or_stuck: 'Slow or stuck',
  good_progress: 'Making good progress',
  target_group: 'Target group',
  added: 'Added to the agenda',
};

export const KINDS: Record<MeetingCreate['kind'], string> = {
  class_teacher: 'Class teacher with leaders',
  team: 'Year or phase team',
  whole_staff: 'Whole staff',
  conference: 'Pupil conferencing (up to six)',
};

export const OUTCOMES: Record<Outcome, string> = {
  done_helped: 'Done, and it helped',
  done_no_change: 'Done, no change',
  not_done: 'Not done',
  carried_on: 'Carried on',
};

/** The agenda's pupils in sections, in the order a meeting takes them. */
export function sections(agenda: readonly AgendaPupil[]): { category: AgendaPupil['category']; pupils: AgendaPupil[] }[] {
  const order: AgendaPupil['category'][] = ['falling_behind', 'slow_or_stuck', 'good_progress', 'target_group'];
  return order.map((category) => ({ category, pupils: agenda.filter((p) => p.category === category) })).filter((s) => s.pupils.length);
}

export type PupilName = Schemas['PupilName'];
export type InterventionBrief = Schemas['InterventionBrief'];

/** Pupils of the school whose name or UPN matches, for adding one to a meeting by hand. */
export async function findPupils(api: Api, schoolId: number, q: string): Promise<Schemas['PupilRead'][]> {
  const page = await api.call((c) => c.GET('/api/v1/pupils', { params: { query: { school_id: schoolId, q, limit: 10 } } }));
  return page.items;
}

/** The meeting's actions as a spreadsheet: CSV text, or an Excel workbook. */
export function exportMeetingCsv(api: Api, meetingId: number): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/meetings/{meeting_id}/export', { params: { path: { meeting_id: meetingId }, query: { format: 'csv' } }, parseAs: 'text' }),
  );
}

export function exportMeetingXlsx(api: Api, meetingId: number): Promise<Blob> {
  return api.call((c) =>
    c.GET('/api/v1/meetings/{meeting_id}/export', { params: { path: { meeting_id: meetingId }, query: { format: 'xlsx' } }, parseAs: 'blob' }),
  );
}

/** Each pupil's name by id: every pupil the meeting mentions. */
export function pupilNames(meeting: MeetingRead): Map<number, string> {
  return new Map(meeting.pupils.map((p) => [p.pupil_id, `${p.first_name} ${p.last_name}`]));
}

/** "Reading boost (reading, to 12 Feb)": an intervention as it shows beside a pupil. */
export function interventionNote(i: InterventionBrief, today: string, format: (iso: string) => string): string {
  const when = i.ends_on < today ? `ended ${format(i.ends_on)}` : i.starts_on > today ? `from ${format(i.starts_on)}` : `to ${format(i.ends_on)}`;
  return `${i.name} (${i.subject}, ${when})`;
}
