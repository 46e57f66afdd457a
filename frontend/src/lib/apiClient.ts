// The typed API client (openapi-fetch over the generated schema) and the session around it:
// bearer tokens on every call, one refresh on expiry or 401, then a retry.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../api/schema';
import type { TokenForm } from '../api/types';
import { SessionExpiredError, errorFromNetwork, errorFromResponse } from './problems';
import {
  type StoredTokens,
  type TokenStore,
  isAccessTokenExpired,
  tokensFromResponse,
} from './tokenStore';

export type ApiClient = Client<paths>;

/** What every openapi-fetch call resolves to, as far as `call` needs to know. */
interface CallResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

export interface ApiOptions {
  /** '' in the browser (same origin as the app); an absolute URL in tests. */
  baseUrl: string;
  store: TokenStore;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

export interface Api {
  /** The generated client. Use it inside `call(...)` so tokens and refresh are handled. */
  readonly client: ApiClient;
  /**
   * Run one API call as the signed-in user: refreshes an expired access token first, and on a
   * 401 refreshes once and runs the call again. Resolves to the response's data; rejects with
   * an ApiError, or SessionExpiredError when the session cannot be renewed.
   */
  call<D>(run: (client: ApiClient) => Promise<CallResult<D>>): Promise<D>;
  /** Password grant. Stores the tokens; rejects with an ApiError. */
  signIn(email: string, password: string): Promise<void>;
  /** A call that needs no session (an invitation's preview, a password reset). */
  anonymous<D>(run: (client: ApiClient) => Promise<CallResult<D>>): Promise<D>;
  /** Finishes a school-account sign-in with the provider's code and state; keeps the tokens. */
  signInWithCode(code: string, state: string): Promise<void>;
  /** Accepts an invitation with a password and keeps the tokens it answers with. */
  acceptInvitation(token: string, password: string): Promise<void>;
  /** Revokes the refresh token on the server (best effort) and forgets the tokens. */
  signOut(): Promise<void>;
  hasSession(): boolean;
  /** Called once each time the session ends because it could not be renewed. */
  onSessionExpired(listener: () => void): () => void;
}

const TOKEN_PATH = '/api/v1/auth/token';

/** The token endpoint takes a form, not JSON (OAuth 2.0, RFC 6749 §4.3 and §6). */
function formBody(body: TokenForm | undefined): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body ?? {})) {
    if (value !== null && value !== undefined) form.set(name, String(value));
  }
  return form.toString();
}

export function createApi(options: ApiOptions): Api {
  const { store } = options;
  const now = options.now ?? (() => Date.now());
  const listeners = new Set<() => void>();

  const clientOptions = {
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const client = createClient<paths>(clientOptions);
  // A second client with no bearer middleware, for the token endpoints.
  const authClient = createClient<paths>(clientOptions);

  const bearer: Middleware = {
    onRequest({ request }) {
      const tokens = store.get();
      if (tokens) request.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
      return request;
    },
  };
  client.use(bearer);

  function expire(): never {
    const hadSession = store.get() !== null;
    store.clear();
    if (hadSession) listeners.forEach((listener) => listener());
    throw new SessionExpiredError();
  }

  async function requestTokens(form: TokenForm) {
    try {
      return await authClient.POST(TOKEN_PATH, {
        body: form,
        bodySerializer: formBody,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (cause) {
      throw errorFromNetwork(cause);
    }
  }

  // One refresh at a time: concurrent 401s share it, since each refresh token works only once.
  let refreshing: Promise<void> | null = null;

  function refresh(): Promise<void> {
    if (refreshing) return refreshing;
    const tokens = store.get();
    if (!tokens) return Promise.reject(new SessionExpiredError());
    refreshing = (async () => {
      const { data, error, response } = await requestTokens({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
      });
      if (data) {
        store.set(tokensFromResponse(data, now()));
        return;
      }
      // 400 or 401: the refresh token is gone, spent or revoked; the session is over.
      if (response.status === 400 || response.status === 401) expire();
      throw errorFromResponse(response.status, error);
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function send<D>(run: (c: ApiClient) => Promise<CallResult<D>>): Promise<CallResult<D>> {
    try {
      return await run(client);
    } catch (cause) {
      throw errorFromNetwork(cause);
    }
  }

  async function call<D>(run: (c: ApiClient) => Promise<CallResult<D>>): Promise<D> {
    let tokens: StoredTokens | null = store.get();
    if (!tokens) expire();
    if (isAccessTokenExpired(tokens, now())) await refresh();
    const usedToken = store.get()?.accessToken;

    let result = await send(run);
    if (result.response.status === 401) {
      tokens = store.get();
      if (!tokens) expire();
      // Another call may already have refreshed while this one was in flight.
      if (tokens.accessToken === usedToken) await refresh();
      result = await send(run);
      if (result.response.status === 401) expire();
    }
    if (!result.response.ok) throw errorFromResponse(result.response.status, result.error);
    return result.data as D;
  }

  return {
    client,
    call,
    async signIn(email, password) {
      const { data, error, response } = await requestTokens({
        grant_type: 'password',
        username: email.trim(),
        password,
      });
      if (!data) throw errorFromResponse(response.status, error);
      store.set(tokensFromResponse(data, now()));
    },
    async anonymous<D>(run: (client: ApiClient) => Promise<CallResult<D>>): Promise<D> {
      const result = await run(authClient);
      if (!result.response.ok) throw errorFromResponse(result.response.status, result.error);
      return result.data as D;
    },
    async signInWithCode(code, state) {
      const { data, error, response } = await authClient.POST('/api/v1/auth/oidc/callback', {
        body: { code, state },
      });
      if (!data) throw errorFromResponse(response.status, error);
      store.set(tokensFromResponse(data, now()));
    },
    async acceptInvitation(token, password) {
      const { data, error, response } = await authClient.POST('/api/v1/invitations/accept', {
        body: { token, password },
      });
      if (!data) throw errorFromResponse(response.status, error);
      store.set(tokensFromResponse(data, now()));
    },
    async signOut() {
      const tokens = store.get();
      store.clear();
      if (!tokens) return;
      try {
        await authClient.POST('/api/v1/auth/sign-out', {
          body: { refresh_token: tokens.refreshToken },
        });
      } catch {
        // Offline: the tokens are forgotten here; the refresh token will lapse on its own.
      }
    },
    hasSession: () => store.get() !== null,
    onSessionExpired(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

