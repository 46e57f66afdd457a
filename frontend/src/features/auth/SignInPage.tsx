import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { Loading } from '../../components/StatusViews';
import { MESSAGES, signInMessage } from '../../lib/problems';
import { PublicFrame } from '../people/PublicFrame';
import { SchoolAccountButtons } from '../schoolAccounts/SchoolAccountButtons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import type { SignInRouteState } from './RequireSession';
import { useSession } from './session';

const HOME = '/home';

/** Only paths inside the app; never an address someone slipped into the route state. */
function safeReturnPath(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return HOME;
  if (from.startsWith('/sign-in')) return HOME;
  return from;
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const returnTo = safeReturnPath((location.state as SignInRouteState | null)?.from);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  if (state.status === 'signedIn' && !submitting) return <Navigate to={returnTo} replace />;

  const notice = state.status === 'signedOut' ? state.notice : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!email.trim() || !password) {
      setError(MESSAGES.signInIncomplete);
      (email.trim() ? passwordRef : emailRef).current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(returnTo, { replace: true });
    } catch (caught) {
      setError(signInMessage(caught));
      setPassword('');
      setSubmitting(false);
      passwordRef.current?.focus();
    }
  }

  return (
    <PublicFrame
      title="Sign in"
      after={
        <p className="sign-in__help">
          <Link to="/forgot-password">Forgotten your password?</Link>
        </p>
      }
    >
      <p className="sign-in__lead">
        Use the e-mail address your school or trust gave you for Termwise.
      </p>

      {notice && !error ? (
        <div className="notice notice--info" role="status">
          {notice}
        </div>
      ) : null}
      <div id={errorId} className="form-errors" aria-live="assertive" aria-atomic="true">
        {error ? <p className="notice notice--error">{error}</p> : null}
      </div>

      {state.status === 'checking' ? (
        <Loading label="Checking your session…" />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label className="field__label" htmlFor="sign-in-email">
              E-mail address
            </label>
            <input
              ref={emailRef}
              id="sign-in-email"
              className="field__input"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="sign-in-password">
              Password
            </label>
            <input
              ref={passwordRef}
              id="sign-in-password"
              className="field__input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          <button className="button button--primary button--wide" type="submit" aria-disabled={submitting}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {state.status === 'checking' ? null : <SchoolAccountButtons />}
    </PublicFrame>
  );
}
