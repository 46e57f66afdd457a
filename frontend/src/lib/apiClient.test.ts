import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from './apiClient';
import { ApiError, SessionExpiredError } from './problems';
import { createTokenStore, memoryStorage, type StoredTokens } from './tokenStore';

const BASE = 'http://termwise.test';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
const problem = (status: number, title: string, detail?: string) =>
  json(status, { type: `https://termwise.org/problems/x`, title, status, detail }, 'application/problem+json');

/**
 * A small stand-in for the Termwise API: rotating refresh tokens (a spent one revokes the
 * session), access tokens that the test can expire, and one protected endpoint, GET /me.
 */
class FakeServer {
  validAccess = new Set<string>();
  liveRefresh = new Set<string>();
  spentRefresh = new Set<string>();
  calls: string[] = [];
  tokenForms: Record<string, string>[] = [];
  down = false;
  private serial = 0;

  issue() {
    this.serial += 1;
    const access = `access-${this.serial}`;
    const refresh = `refresh-${this.serial}`;
    this.validAccess.add(access);
    this.liveRefresh.add(refresh);
    return { access_token: access, token_type: 'bearer', expires_in: 900, refresh_token: refresh };
  }

  /** What the browser would hold after a successful sign-in. */
  signedIn(now: number): StoredTokens {
    const t = this.issue();
    return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: now + 900_000 };
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    this.calls.push(`${request.method} ${url.pathname}`);
    if (this.down) throw new TypeError('Failed to fetch');

    if (url.pathname === '/api/v1/auth/token') {
      expect(request.headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
      expect(request.headers.get('Authorization')).toBeNull();
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      this.tokenForms.push(form);
      if (form.grant_type === 'password') {
        if (form.username === 'locked@larkspur.example') {
          return problem(429, 'Too many requests', 'Try again in 15 minutes.');
        }
        if (form.password !== 'right') return problem(401, 'Not signed in', 'Incorrect e-mail or password.');
        return json(200, this.issue());
      }
      const presented = form.refresh_token ?? '';
      if (this.spentRefresh.has(presented)) {
        // Reuse of a rotated token ends the whole session.
        this.liveRefresh.clear();
        this.validAccess.clear();
        return problem(401, 'Not signed in', 'This refresh token was already used.');
      }
      if (!this.liveRefresh.has(presented)) return problem(401, 'Not signed in');
      this.liveRefresh.delete(presented);
      this.spentRefresh.add(presented);
      return json(200, this.issue());
    }

    if (url.pathname === '/api/v1/auth/sign-out') {
      const body = (await request.json()) as { refresh_token: string };
      this.liveRefresh.delete(body.refresh_token);
      return new Response(null, { status: 204 });
    }

    const auth = request.headers.get('Authorization') ?? '';
    if (!this.validAccess.has(auth.replace(/^Bearer /, ''))) return problem(401, 'Not signed in');
    if (url.pathname === '/api/v1/me') {
      return json(200, {
        kind: 'user',
        id: 1,
        label: 'trust.leader@larkspur.example',
        full_name: 'Catherine Larchmont',
        is_platform_admin: false,
        permissions: ['orgs:read'],
        grants: [],
      });
    }
    if (url.pathname === '/api/v1/schools/99') return problem(404, 'Not found', 'No school 99 that you can see.');
    if (url.pathname === '/api/v1/health') return problem(503, 'Service unavailable');
    return problem(404, 'Not found');
  };
}

let server: FakeServer;
let clock: number;
let storage: ReturnType<typeof memoryStorage>;

function makeApi() {
  const store = createTokenStore(storage);
  const api = createApi({ baseUrl: BASE, store, fetch: server.fetch, now: () => clock });
  return { api, store };
}

beforeEach(() => {
  server = new FakeServer();
  clock = 1_700_000_000_000;
  storage = memoryStorage();
});

describe('signing in', () => {
  it('posts a form to the token endpoint and keeps the tokens', async () => {
    const { api, store } = makeApi();
    await api.signIn('  trust.leader@larkspur.example ', 'right');
    expect(server.tokenForms[0]).toEqual({
      grant_type: 'password',
      username: 'trust.leader@larkspur.example',
      password: 'right',
    });
    expect(store.get()).toEqual({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresAt: clock + 900_000,
    });
    expect(api.hasSession()).toBe(true);
  });

  it('rejects a wrong password with a 401 ApiError and stores nothing', async () => {
    const { api, store } = makeApi();
    const error = await api.signIn('a@b.example', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('unauthorised');
    expect(store.get()).toBeNull();
  });

  it('passes on the lock-out detail', async () => {
    const { api } = makeApi();
    const error = (await api.signIn('locked@larkspur.example', 'right').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('rateLimited');
    expect(error.problem?.detail).toBe('Try again in 15 minutes.');
  });

  it('reports an unreachable server as such', async () => {
    server.down = true;
    const { api } = makeApi();
    const error = (await api.signIn('a@b.example', 'right').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('unreachable');
    expect(error.status).toBe(0);
  });
});

describe('calls as the signed-in user', () => {
  it('sends the access token as a bearer token', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    const me = await api.call((c) => c.GET('/api/v1/me'));
    expect(me.full_name).toBe('Catherine Larchmont');
    expect(server.calls).toEqual(['GET /api/v1/me']);
  });

  it('refreshes an access token that has run out before calling, and rotates the refresh token', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    clock += 16 * 60_000; // past the 15 minutes
    server.validAccess.clear(); // and the server agrees it has expired
    const me = await api.call((c) => c.GET('/api/v1/me'));
    expect(me.label).toBe('trust.leader@larkspur.example');
    expect(server.calls).toEqual(['POST /api/v1/auth/token', 'GET /api/v1/me']);
    expect(server.tokenForms[0]).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    expect(store.get()?.refreshToken).toBe('refresh-2');
    expect(store.get()?.expiresAt).toBe(clock + 900_000);
  });

  it('on a 401 refreshes once and retries the call', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    server.validAccess.clear(); // revoked early, though the clock says it is fine
    await api.call((c) => c.GET('/api/v1/me'));
    expect(server.calls).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/token', 'GET /api/v1/me']);
    expect(store.get()?.accessToken).toBe('access-2');
  });

  it('shares one refresh between calls that fail together, so no refresh token is reused', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    server.validAccess.clear();
    const results = await Promise.all([
      api.call((c) => c.GET('/api/v1/me')),
      api.call((c) => c.GET('/api/v1/me')),
      api.call((c) => c.GET('/api/v1/me')),
    ]);
    expect(results.map((me) => me.id)).toEqual([1, 1, 1]);
    expect(server.calls.filter((c) => c === 'POST /api/v1/auth/token')).toHaveLength(1);
    expect(store.get()?.refreshToken).toBe('refresh-2');
  });

  it('ends the session when the refresh is refused, and tells the listeners once', async () => {
    const { api, store } = makeApi();
    store.set({ accessToken: 'corrupt', refreshToken: 'corrupt', expiresAt: clock + 900_000 });
    let expired = 0;
    api.onSessionExpired(() => (expired += 1));
    const error = await api.call((c) => c.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(store.get()).toBeNull();
    expect(expired).toBe(1);
    // Only one refresh attempt: never loop.
    expect(server.calls).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/token']);
  });

  it('ends the session when the retried call is still refused', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    server.validAccess.clear();
    const originalIssue = server.issue.bind(server);
    server.issue = () => {
      const t = originalIssue();
      server.validAccess.delete(t.access_token); // the new token is refused too (account disabled)
      return t;
    };
    const error = await api.call((c) => c.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(store.get()).toBeNull();
    expect(server.calls.filter((c) => c === 'POST /api/v1/auth/token')).toHaveLength(1);
  });

  it('refuses to call without a session', async () => {
    const { api } = makeApi();
    await expect(api.call((c) => c.GET('/api/v1/me'))).rejects.toBeInstanceOf(SessionExpiredError);
    expect(server.calls).toEqual([]);
  });

  it('keeps the session when the server cannot be reached during a refresh', async () => {
    const { api, store } = makeApi();
    const tokens = server.signedIn(clock);
    store.set(tokens);
    clock += 16 * 60_000;
    server.down = true;
    const error = (await api.call((c) => c.GET('/api/v1/me')).catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('unreachable');
    expect(store.get()).toEqual(tokens);
  });

  it('turns problem responses into ApiErrors', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    const notFound = (await api
      .call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: 99 } } }))
      .catch((e: unknown) => e)) as ApiError;
    expect(notFound.kind).toBe('notFound');
    expect(notFound.problem?.detail).toBe('No school 99 that you can see.');
    const down = (await api.call((c) => c.GET('/api/v1/health')).catch((e: unknown) => e)) as ApiError;
    expect(down.kind).toBe('unreachable');
  });
});

describe('signing out', () => {
  it('revokes the refresh token on the server and forgets the tokens', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    await api.signOut();
    expect(store.get()).toBeNull();
    expect(server.liveRefresh.has('refresh-1')).toBe(false);
    expect(server.calls).toEqual(['POST /api/v1/auth/sign-out']);
  });

  it('forgets the tokens even when the server cannot be reached', async () => {
    const { api, store } = makeApi();
    store.set(server.signedIn(clock));
    server.down = true;
    await api.signOut();
    expect(store.get()).toBeNull();
  });
});
