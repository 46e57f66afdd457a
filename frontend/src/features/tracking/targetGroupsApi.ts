// Reads and writes for target groups, through the generated client.
import type { Api, ApiClient } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import type { GroupProgress, Suggestions, TargetGroupDetail, TargetGroupRead, TargetGroupUpdate, Term } from './types';

export function loadTargetGroups(
  api: Api,
  schoolId: number,
  term: Term,
  subject: string,
  includeArchived = false,
): Promise<TargetGroupRead[]> {
  return allPages((cursor) =>
    api.call((c) =>
      c.GET('/api/v1/schools/{school_id}/target-groups', {
        params: {
          path: { school_id: schoolId },
          query: { term, subject, include_archived: includeArchived, cursor, limit: PAGE_SIZE },
        },
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

/** A group as read, with the ETag a change must send back in If-Match. */
export interface VersionedGroup {
  group: TargetGroupDetail;
  etag: string;
}

export interface GroupRecord extends VersionedGroup {
  progress: GroupProgress;
}

export async function loadGroup(api: Api, groupId: number): Promise<GroupRecord> {
  const path = { group_id: groupId };
  const [read, progress] = await Promise.all([
    versioned(api, (c) => c.GET('/api/v1/target-groups/{group_id}', { params: { path } })),
    api.call((c) => c.GET('/api/v1/target-groups/{group_id}/progress', { params: { path } })),
  ]);
  return { ...read, progress };
}

/** Rename, archive or restore a group; refused with 412 when `etag` is no longer its version. */
export function updateTargetGroup(
  api: Api,
  groupId: number,
  etag: string,
  body: TargetGroupUpdate,
): Promise<VersionedGroup> {
  return versioned(api, (c) =>
    c.PATCH('/api/v1/target-groups/{group_id}', {
      params: { path: { group_id: groupId }, header: { 'If-Match': etag } },
      body,
    }),
  );
}

/** One call that answers with a group, keeping the response's ETag (always sent) beside it. */
async function versioned(
  api: Api,
  run: (c: ApiClient) => Promise<{ data?: TargetGroupDetail; error?: unknown; response: Response }>,
): Promise<VersionedGroup> {
  let etag = '';
  const group = await api.call(async (c) => {
    const result = await run(c);
    etag = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { group, etag };
}
