import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSession } from '../auth/session';
import { PublicFrame } from './PublicFrame';

/** "Forgot your password?": asks for the e-mail and says the same whatever it is. */
export function ForgotPasswordPage() {
  useDocumentTitle('Reset your password');
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await api.anonymous((c) => c.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } }));
      setSent(true);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <PublicFrame title="Reset your password">
      {sent ? (
        <p className="notice notice--success" role="status">
          If {email.trim()} has a Termwise account, a link to set a new password is on its way. It works once, for
          an hour.
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label className="field__label" htmlFor="reset-email">
              E-mail address
            </label>
            <input id="reset-email" className="field__input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          {problem ? (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
          <button className="button button--primary button--wide" type="submit">
            Send the link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </PublicFrame>
  );
}

/** Opened from a reset e-mail: a new password, after which every old session has ended. */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const { api } = useSession();
  const token = useParams().token ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await api.anonymous((c) => c.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
      setDone(true);
    } catch (error) {
      const weak = fieldErrors(error)['/password'];
      setProblem(weak ? `The password ${weak}.` : userMessage(error));
    }
  }
  return (
    <PublicFrame title="Choose a new password">
      {done ? (
        <p className="notice notice--success" role="status">
          Your password is changed, and every other session has been signed out. <Link to="/sign-in">Sign in</Link>
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label className="field__label" htmlFor="new-password">
              New password
            </label>
            <input
              id="new-password"
              className="field__input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {problem ? (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
          <button className="button button--primary button--wide" type="submit">
            Set the password
          </button>
        </form>
      )}
    </PublicFrame>
  );
}
