import { useState, type FormEvent } from 'react';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { loadProvider, parseDomains, updateProvider, type ProviderRead } from './providersApi';

/** Change a registered provider: a new client secret when the old one expires, its domains, or
 * whether it is offered at sign-in. Saved only if nobody changed it since it was opened. */
export function ProviderEditor({ providerId, onDone }: { providerId: number; onDone: (message: string | null) => void }) {
  const api = useApi();
  const read = useApiQuery(`oidc/provider/${providerId}`, () => loadProvider(api, providerId));
  if (read.status === 'loading') return <Loading label="Loading the provider…" />;
  if (read.status === 'failed') return <ErrorPanel error={read.error} onRetry={read.reload} />;
  return <EditForm key={read.data.etag} provider={read.data.provider} etag={read.data.etag} onReload={read.reload} onDone={onDone} />;
}

function EditForm({
  provider,
  etag,
  onReload,
  onDone,
}: {
  provider: ProviderRead;
  etag: string;
  onReload: () => void;
  onDone: (message: string | null) => void;
}) {
  const api = useApi();
  const [name, setName] = useState(provider.display_name);
  const [domains, setDomains] = useState(provider.allowed_domains.join(', '));
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(provider.is_enabled);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ message: string; stale: boolean } | null>(null);
  const prefix = `idp-edit-${provider.id}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const saved = await updateProvider(api, provider.id, etag, {
        display_name: name.trim(),
        allowed_domains: parseDomains(domains),
        is_enabled: enabled,
        ...(secret ? { client_secret: secret } : {}),
      });
      onDone(`Saved ${saved.display_name}${saved.is_enabled ? '' : ': not offered at sign-in until turned back on'}.`);
    } catch (error) {
      setErrors(fieldErrors(error));
      const stale = error instanceof ApiError && error.status === 412;
      setProblem({ message: stale ? 'Someone else changed this provider since you opened it.' : userMessage(error), stale });
    }
  }

  const error = (pointer: string) => (errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null);
  return (
    <form className="panel provider-editor" aria-label={`Change ${provider.display_name}`} onSubmit={(e) => void save(e)} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${prefix}-name`}>
          Shown as
        </label>
        <input id={`${prefix}-name`} className="field__input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors['/display_name'] ? true : undefined} />
        {error('/display_name')}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${prefix}-domains`}>
          E-mail domains
        </label>
        <input id={`${prefix}-domains`} className="field__input" value={domains} onChange={(e) => setDomains(e.target.value)} aria-invalid={errors['/allowed_domains'] ? true : undefined} />
        {error('/allowed_domains')}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${prefix}-secret`}>
          New client secret
        </label>
        <p className="field__hint">Only when the old one has expired or been replaced; leave empty to keep it.</p>
        <input id={`${prefix}-secret`} className="field__input" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
        {error('/client_secret')}
      </div>
      <div className="choice">
        <input id={`${prefix}-enabled`} className="choice__input" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <label className="choice__label" htmlFor={`${prefix}-enabled`}>
          Offered at sign-in
        </label>
      </div>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          {problem.stale ? (
            <button type="button" className="button button--secondary" onClick={onReload}>
              Load their changes
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="provider-editor__actions">
        <button type="submit" className="button button--primary">
          Save the changes
        </button>
        <button type="button" className="button button--link" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
