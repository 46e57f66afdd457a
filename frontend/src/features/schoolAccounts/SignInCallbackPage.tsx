import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { PublicFrame } from '../people/PublicFrame';
import { useSession } from '../auth/session';

/** Where a school account's provider sends the browser back: finishes the sign-in. */
export function SignInCallbackPage() {
  useDocumentTitle('Signing in');
  const { completeSignIn } = useSession();
  const [params] = useSearchParams();
  const [outcome, setOutcome] = useState<'working' | 'done' | string>('working');
  const started = useRef(false);

  useEffect(() => {
    // Once: the state is single-use, and React may run effects twice in development.
    if (started.current) return;
    started.current = true;
    const code = params.get('code');
    const state = params.get('state');
    if (params.get('error')) {
      setOutcome(`The sign-in was not completed: ${params.get('error_description') ?? params.get('error')}.`);
      return;
    }
    if (!code || !state) {
      setOutcome('This address is not a sign-in coming back from a school account.');
      return;
    }
    completeSignIn(code, state).then(
      () => setOutcome('done'),
      (error: unknown) => setOutcome(userMessage(error)),
    );
  }, [params, completeSignIn]);

  if (outcome === 'done') return <Navigate to="/" replace />;
  return (
    <PublicFrame title="Signing in">
      {outcome === 'working' ? (
        <Loading label="Finishing your sign-in…" />
      ) : (
        <>
          <p className="notice notice--error" role="alert">
            {outcome}
          </p>
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </>
      )}
    </PublicFrame>
  );
}
