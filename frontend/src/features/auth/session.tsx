// Who is signed in, for the whole app: loads /me, signs in and out, and notices when the
// session can no longer be renewed.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { MESSAGES, SessionExpiredError } from '../../lib/problems';

export type SessionState =
  | { status: 'checking' }
  | {
      status: 'signedOut';
      /** Why: never signed in this tab, the session ran out, or the person signed out. */
      reason: 'start' | 'expired' | 'signedOut';
      notice: string | null;
    }
  | { status: 'signedIn'; me: MeRead }
  | { status: 'failed'; error: unknown };

export interface Session {
  state: SessionState;
  api: Api;
  /** Rejects with an ApiError for the sign-in page to explain. */
  signIn(email: string, password: string): Promise<void>;
  acceptInvitation(token: string, password: string): Promise<void>;
  completeSignIn(code: string, state: string): Promise<void>;
  signOut(): Promise<void>;
  /** After a failure to load who is signed in (server unreachable): try again. */
  retry(): void;
}

const EXPIRED: SessionState = {
  status: 'signedOut',
  reason: 'expired',
  notice: MESSAGES.sessionExpired,
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() =>
    api.hasSession() ? { status: 'checking' } : { status: 'signedOut', reason: 'start', notice: null },
  );

  const loadMe = useCallback(async () => {
    try {
      const me = await api.call((c) => c.GET('/api/v1/me'));
      setState({ status: 'signedIn', me });
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        setState(EXPIRED);
      } else {
        setState({ status: 'failed', error });
      }
    }
  }, [api]);

  useEffect(() => {
    if (state.status === 'checking') void loadMe();
    // Only on start (and on retry, which sets 'checking' again).
  }, [state.status, loadMe]);

  useEffect(
    () =>
      api.onSessionExpired(() =>
        setState(EXPIRED),
      ),
    [api],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      await api.signIn(email, password);
      const me = await api.call((c) => c.GET('/api/v1/me'));
      setState({ status: 'signedIn', me });
    },
    [api],
  );

  const acceptInvitation = useCallback(
    async (token: string, password: string) => {
      await api.acceptInvitation(token, password);
      const me = await api.call((c) => c.GET('/api/v1/me'));
      setState({ status: 'signedIn', me });
    },
    [api],
  );

  const completeSignIn = useCallback(
    async (code: string, state: string) => {
      await api.signInWithCode(code, state);
      const me = await api.call((c) => c.GET('/api/v1/me'));
      setState({ status: 'signedIn', me });
    },
    [api],
  );

  const signOut = useCallback(async () => {
    await api.signOut();
    setState({ status: 'signedOut', reason: 'signedOut', notice: null });
  }, [api]);

  const retry = useCallback(() => setState({ status: 'checking' }), []);

  const value = useMemo(
    () => ({ state, api, signIn, acceptInvitation, completeSignIn, signOut, retry }),
    [state, api, signIn, acceptInvitation, completeSignIn, signOut, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>.');
  return session;
}

/** The signed-in person; only for pages behind <RequireSession>. */
export function useMe(): MeRead {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe needs a signed-in session.');
  return state.me;
}

/** The API, for pages behind <RequireSession>. */
export function useApi(): Api {
  return useSession().api;
}
