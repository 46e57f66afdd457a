// Reads and writes for target groups, through the generated client.
import type { Api } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import type { GroupProgress, Suggestions, TargetGroupDetail, TargetGroupRead, Term } from './types';

export function loadTargetGroups(api: Api, schoolId: number, term: Term, subject: string): Promise<TargetGroupRead[]> {
  return allPages((cursor) =>
    api.call((c) =>
      c.GET('/api/v1/schools/{school_id}/target-groups', {
        params: { path: { school_id: schoolId }, query: { term, subject, cursor, limit: PAGE_SIZE } },
      }),
    ),
  );
}

export function loadSuggestions(api: Api, schoolId: number, subject: string): Promise<Suggestions> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/target-groups/suggestions', {
      params: { path: { school_id: schoolId }, query: { subject } },
    }),
  );
}

export function createTargetGroup(
  api: Api,
  schoolId: number,
  body: { name: string; subject: string; term: Term; pupil_ids: number[] },
): Promise<TargetGroupDetail> {
  return api.call((c) =>
    c.POST('/api/v1/schools/{school_id}/target-groups', { params: { path: { school_id: schoolId } }, body }),
  );
}

export interface GroupRecord {
  group: TargetGroupDetail;
  progress: GroupProgress;
}

export async function loadGroup(api: Api, groupId: number): Promise<GroupRecord> {
  const path = { group_id: groupId };
  const [group, progress] = await Promise.all([
    api.call((c) => c.GET('/api/v1/target-groups/{group_id}', { params: { path } })),
    api.call((c) => c.GET('/api/v1/target-groups/{group_id}/progress', { params: { path } })),
  ]);
  return { group, progress };
}
