import { describe, expect, it } from 'vitest';
import { createApi } from '../../lib/apiClient';
import { ApiError } from '../../lib/problems';
import { createTokenStore, memoryStorage } from '../../lib/tokenStore';
import { loadGroup, updateTargetGroup } from './targetGroupsApi';

const NOW = 1_700_000_000_000;

const group = (version: number, name: string) => ({
  id: 5,
  school_id: 1,
  subject: 'writing',
  academic_year: '2026/27',
  term: 'spr',
  name,
  created_by: 'head.teacher@larkspur.example',
  archived_at: null,
  member_count: 0,
  created_at: '2027-01-10T09:00:00Z',
  updated_at: '2027-01-10T09:00:00Z',
  members: [],
  version,
});

/** A group on a stand-in server that keeps its version as the ETag, as the API does. */
function serverWithGroup() {
  let version = 3;
  let name = 'Boost';
  const ifMatch: (string | null)[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const reply = (status: number, body: unknown, type = 'application/json') =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ETag: `"${version}"` } });
    if (path === '/api/v1/target-groups/5/progress') return reply(200, { points: [], pupils: [], measures: [] });
    if (path !== '/api/v1/target-groups/5') return reply(404, {});
    if (request.method === 'GET') return reply(200, group(version, name));
    ifMatch.push(request.headers.get('If-Match'));
    if (request.headers.get('If-Match') !== `"${version}"`) {
      return reply(412, { type: 'x', title: 'The resource has changed', status: 412 }, 'application/problem+json');
    }
    name = ((await request.json()) as { name: string }).name;
    version += 1;
    return reply(200, group(version, name));
  };
  const store = createTokenStore(memoryStorage());
  store.set({ accessToken: 'a', refreshToken: 'r', expiresAt: NOW + 900_000 });
  const api = createApi({ baseUrl: 'http://termwise.test', store, fetch, now: () => NOW });
  return { api, ifMatch, changeElsewhere: () => (version += 1) };
}

describe('target group edits', () => {
  it('keeps the ETag it read, sends it in If-Match, and keeps the new one', async () => {
    const { api, ifMatch } = serverWithGroup();
    const record = await loadGroup(api, 5);
    expect(record.etag).toBe('"3"');
    const saved = await updateTargetGroup(api, 5, record.etag, { name: 'Writing boost' });
    expect(ifMatch).toEqual(['"3"']);
    expect(saved).toMatchObject({ etag: '"4"', group: { name: 'Writing boost' } });
  });

  it('is refused with a 412 when someone else changed the group since it was read', async () => {
    const { api, changeElsewhere } = serverWithGroup();
    const record = await loadGroup(api, 5);
    changeElsewhere();
    const error = await updateTargetGroup(api, 5, record.etag, { name: 'Too late' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(412);
  });
});
