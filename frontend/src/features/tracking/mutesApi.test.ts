import { describe, expect, it } from 'vitest';
import { createApi } from '../../lib/apiClient';
import { createTokenStore, memoryStorage } from '../../lib/tokenStore';
import { findMute } from './mutesApi';

const NOW = 1_700_000_000_000;

const mute = (id: number, pupilId: number) => ({
  id,
  school_id: 1,
  pupil_id: pupilId,
  subject: 'writing',
  point_id: 8,
  flag: 'stuck',
  reason: 'New to the school.',
  muted_by: 'head.teacher@larkspur.example',
  created_at: '2027-01-10T09:00:00Z',
  first_name: 'Ada',
  last_name: 'Lovelace',
});

/** Mutes served two to a page, as the API pages them with next_cursor. */
function serverWithMutes(pupilIds: number[]) {
  const queries: Record<string, string>[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL((input instanceof Request ? input : new Request(input, init)).url);
    const query = Object.fromEntries(url.searchParams);
    queries.push(query);
    const from = Number(query.cursor ?? 0);
    const items = pupilIds.slice(from, from + 2).map((p, i) => mute(100 + from + i, p));
    const next = from + 2 < pupilIds.length ? String(from + 2) : null;
    return new Response(JSON.stringify({ items, next_cursor: next }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const store = createTokenStore(memoryStorage());
  store.set({ accessToken: 'a', refreshToken: 'r', expiresAt: NOW + 900_000 });
  return { api: createApi({ baseUrl: 'http://termwise.test', store, fetch, now: () => NOW }), queries };
}

describe('findMute', () => {
  it('looks for the pupil among the mutes of that subject and point, page after page', async () => {
    const { api, queries } = serverWithMutes([11, 12, 13, 14, 15]);
    const found = await findMute(api, 1, { pupil_id: 15, subject: 'writing', point_id: 8 });
    expect(found?.id).toBe(104);
    expect(queries.map((q) => q.cursor ?? null)).toEqual([null, '2', '4']);
    expect(queries[0]).toMatchObject({ subject: 'writing', point_id: '8' });
  });

  it('finds nothing when the flag is no longer muted', async () => {
    const { api } = serverWithMutes([11, 12, 13]);
    expect(await findMute(api, 1, { pupil_id: 99, subject: 'writing', point_id: 8 })).toBeNull();
  });
});
