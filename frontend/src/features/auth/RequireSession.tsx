import { Navigate, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useSession } from './session';

export interface SignInRouteState {
  /** Where to go back to after signing in. */
  from?: string;
}

/** Shows its children only to a signed-in person; everyone else goes to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, retry } = useSession();
  const location = useLocation();

  switch (state.status) {
    case 'checking':
      return (
        <main className="page page--centred" id="main">
          <Loading label="Checking your session…" />
        </main>
      );
    case 'failed':
      return (
        <main className="page page--centred" id="main">
          <ErrorPanel error={state.error} onRetry={retry} />
        </main>
      );
    case 'signedOut': {
      // After signing out, the next person starts afresh; otherwise come back here.
      const routeState: SignInRouteState =
        state.reason === 'signedOut' ? {} : { from: `${location.pathname}${location.search}` };
      return <Navigate to="/sign-in" replace state={routeState} />;
    }
    case 'signedIn':
      return <>{children}</>;
  }
}
