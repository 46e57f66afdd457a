import { useState } from 'react';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useSession } from '../auth/session';

export const CALLBACK_PATH = '/sign-in/callback';

/** "Sign in with …" for each school account a trust has set up; nothing when there are none.
 * With an invitation's token, signing in also accepts it. */
export function SchoolAccountButtons({ invitationToken, verb = 'Sign in' }: { invitationToken?: string; verb?: string }) {
  const { api } = useSession();
  const providers = useApiQuery('oidc/providers', () => api.anonymous((c) => c.GET('/api/v1/auth/oidc/providers')));
  const [problem, setProblem] = useState<string | null>(null);
  if (providers.status !== 'done' || providers.data.length === 0) return null;
  const trusts = new Set(providers.data.map((p) => p.trust_name));

  async function go(providerId: number) {
    setProblem(null);
    try {
      const started = await api.anonymous((c) =>
        c.POST('/api/v1/auth/oidc/{provider_id}/start', {
          params: { path: { provider_id: providerId } },
          body: { redirect_uri: `${window.location.origin}${CALLBACK_PATH}`, invitation_token: invitationToken ?? null },
        }),
      );
      window.location.assign(started.authorization_url);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }

  return (
    <div className="school-accounts">
      <p className="school-accounts__or">or</p>
      {providers.data.map((p) => (
        <button key={p.id} type="button" className="button button--secondary button--wide" onClick={() => void go(p.id)}>
          {verb} with {p.display_name}
          {trusts.size > 1 ? ` (${p.trust_name})` : ''}
        </button>
      ))}
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
