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
