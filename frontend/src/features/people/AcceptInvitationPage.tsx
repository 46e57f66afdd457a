import { useState, type FormEvent } from 'react';
import { Navigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { roleName } from './people';
import { useSession } from '../auth/session';
import { PublicFrame } from './PublicFrame';
import { SchoolAccountButtons } from '../schoolAccounts/SchoolAccountButtons';

/** Opened from an invitation's link: who invited whom to what, then a password to accept. */
export function AcceptInvitationPage() {
  useDocumentTitle('Accept your invitation');
  const { api, state, acceptInvitation } = useSession();
  const token = useParams().token ?? '';
  const preview = useApiQuery(`invitation/${token}`, () =>
    api.anonymous((c) => c.GET('/api/v1/invitations/accept/{token}', { params: { path: { token } } })),
  );
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);

  if (accepted && state.status === 'signedIn') return <Navigate to="/schools" replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await acceptInvitation(token, password);
      setAccepted(true);
    } catch (error) {
      setProblem(fieldErrors(error)['/password'] ? `The password ${fieldErrors(error)['/password']}.` : userMessage(error));
    }
  }

  return (
    <PublicFrame title="Accept your invitation">
      {preview.status === 'loading' ? <Loading label="Reading the invitation…" /> : null}
      {preview.status === 'failed' ? <ErrorPanel error={preview.error} /> : null}
      {preview.status === 'done' ? (
        <>
          <p className="sign-in__lead">
            {preview.data.invited_by ?? 'Your school'} has invited <strong>{preview.data.full_name}</strong> (
            {preview.data.email}) to Termwise as <strong>{roleName(preview.data.role)}</strong> at{' '}
            <strong>{preview.data.scope_name}</strong>.
          </p>
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              <label className="field__label" htmlFor="accept-password">
                {preview.data.has_account ? 'Your Termwise password' : 'Choose a password'}
              </label>
              {preview.data.has_account ? null : (
                <p className="field__hint">At least 12 characters; a few unusual words make a good one.</p>
              )}
              <input
                id="accept-password"
                className="field__input"
                type="password"
                autoComplete={preview.data.has_account ? 'current-password' : 'new-password'}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={problem ? true : undefined}
              />
            </div>
            {problem ? (
              <p className="notice notice--error" role="alert">
                {problem}
              </p>
            ) : null}
            <button className="button button--primary button--wide" type="submit">
              Accept and sign in
            </button>
          </form>
          <SchoolAccountButtons invitationToken={token} verb="Accept by signing in" />
        </>
      ) : null}
    </PublicFrame>
  );
}
