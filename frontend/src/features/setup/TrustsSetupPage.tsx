import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi, useMe } from '../auth/session';
import { createTrust, loadTrusts } from './setupApi';

/** Where a trust is set up: platform administrators create trusts; leaders open theirs. */
export function TrustsSetupPage() {
  const api = useApi();
  const me = useMe();
  useDocumentTitle('Trust setup');
  const trusts = useApiQuery('setup/trusts', () => loadTrusts(api));
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">Trust setup</h1>
        <p className="page-header__lead">A trust&rsquo;s details, its schools and its assessment calendar.</p>
      </header>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {trusts.status === 'loading' ? <Loading label="Loading the trusts…" /> : null}
      {trusts.status === 'failed' ? <ErrorPanel error={trusts.error} onRetry={trusts.reload} /> : null}
      {trusts.status === 'done' ? (
        <section className="card" aria-labelledby="trusts-title">
          <h2 id="trusts-title" className="card__title">
            Trusts
          </h2>
          {trusts.data.length === 0 ? <p>No trusts yet.</p> : null}
          <ul>
            {trusts.data.map((t) => (
              <li key={t.id}>
                <Link to={`/setup/trusts/${t.id}`}>{t.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {me.is_platform_admin ? (
        <CreateTrustForm
          onCreated={(name) => {
            setDone(`Created the trust “${name}”.`);
            trusts.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CreateTrustForm({ onCreated }: { onCreated: (name: string) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setProblem('Give the trust its name.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const trust = await createTrust(api, name.trim(), reference.trim() || null);
      setName('');
      setReference('');
      onCreated(trust.name);
    } catch (error) {
      setProblem(userMessage(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" aria-labelledby="new-trust-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="new-trust-title" className="card__title">
        Create a trust
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="trust-name">
          Name
        </label>
        <input id="trust-name" className="field__input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="trust-reference">
          Companies House number (optional)
        </label>
        <input
          id="trust-reference"
          className="field__input"
          value={reference}
          maxLength={20}
          onChange={(e) => setReference(e.target.value)}
        />
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        Create the trust
      </button>
    </form>
  );
}
