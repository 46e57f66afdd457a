// Reads and writes for muted flags, through the generated client.
import type { Api } from '../../lib/apiClient';
import type { CursorPage } from '../../lib/usePagedQuery';
import type { FlagMuteCreate, FlagMuteRead, MutedFlag } from './types';

export const MUTES_PAGE_SIZE = 50;

export interface MutesQuery {
  subject?: string;
  point_id?: number;
}

/** One page of the school's muted flags, newest first. */
export function loadMutes(
  api: Api,
  schoolId: number,
  query: MutesQuery,
  cursor: string | undefined,
  limit = MUTES_PAGE_SIZE,
): Promise<CursorPage<MutedFlag>> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/flag-mutes', {
      params: { path: { school_id: schoolId }, query: { ...query, cursor, limit } },
    }),
  );
}

export function muteFlag(api: Api, schoolId: number, body: FlagMuteCreate): Promise<FlagMuteRead> {
  return api.call((c) =>
    c.POST('/api/v1/schools/{school_id}/flag-mutes', { params: { path: { school_id: schoolId } }, body }),
  );
}

export async function unmuteFlag(api: Api, muteId: number): Promise<void> {
  await api.call((c) => c.DELETE('/api/v1/flag-mutes/{mute_id}', { params: { path: { mute_id: muteId } } }));
}

const MAX_PAGES = 20;

/**
 * The mute of one pupil's flag at one point. The flags list gives only the reason, so the mute
 * to undo is looked up among the school's mutes for that subject and point.
 */
export async function findMute(
  api: Api,
  schoolId: number,
  which: { pupil_id: number; subject: string; point_id: number },
): Promise<MutedFlag | null> {
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const page = await loadMutes(api, schoolId, { subject: which.subject, point_id: which.point_id }, cursor, 200);
    const found = page.items.find((m) => m.pupil_id === which.pupil_id);
    if (found) return found;
    if (!page.next_cursor) return null;
    cursor = page.next_cursor;
  }
  return null;
}
