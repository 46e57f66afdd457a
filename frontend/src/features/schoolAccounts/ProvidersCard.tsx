import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { ProviderEditor } from './ProviderEditor';
import { CALLBACK_PATH } from './SchoolAccountButtons';

/** A trust's school-account providers: registered, listed and removed by its leaders. */
export function ProvidersCard({ trustId }: { trustId: number }) {
  const api = useApi();
  const providers = useApiQuery(`oidc/trust/${trustId}`, () =>
    api.call((c) => c.GET('/api/v1/trusts/{trust_id}/identity-providers', { params: { path: { trust_id: trustId } } })),
  );
  const [form, setForm] = useState({ display_name: '', issuer: '', client_id: '', client_secret: '', domains: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const body = {
        display_name: form.display_name.trim(),
        issuer: form.issuer.trim(),
        client_id: form.client_id.trim(),
        client_secret: form.client_secret,
        allowed_domains: form.domains.split(/[\s,]+/).filter(Boolean).map((d) => d.toLowerCase()),
      };
      const made = await api.call((c) =>
        c.POST('/api/v1/trusts/{trust_id}/identity-providers', { params: { path: { trust_id: trustId } }, body }),
      );
      setDone(`Staff can now sign in with ${made.display_name}.`);
      setForm({ display_name: '', issuer: '', client_id: '', client_secret: '', domains: '' });
      providers.reload();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  async function remove(id: number, name: string) {
    await api.call((c) => c.DELETE('/api/v1/identity-providers/{provider_id}', { params: { path: { provider_id: id } } }));
    setDone(`Removed ${name}: staff sign in with their passwords.`);
    providers.reload();
  }
  const field = (key: keyof typeof form, label: string, pointer: string, hint?: string, type = 'text') => (
    <div className="field">
      <label className="field__label" htmlFor={`idp-${key}`}>
        {label}
      </label>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <input
        id={`idp-${key}`}
        className="field__input"
        type={type}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        aria-invalid={errors[pointer] ? true : undefined}
      />
      {errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null}
    </div>
  );

  return (
    <section className="card" aria-labelledby="idp-title">
      <h2 id="idp-title" className="card__title">
        School accounts
      </h2>
      <p>
        Let staff sign in with the Microsoft or Google account the school gives them. Register Termwise as an app there
        with the redirect address <code>{`${window.location.origin}${CALLBACK_PATH}`}</code>.
      </p>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {providers.status === 'failed' ? <ErrorPanel error={providers.error} onRetry={providers.reload} /> : null}
      {providers.status === 'done' && providers.data.length > 0 ? (
        <ul className="identity-providers">
          {providers.data.map((p) => (
            <li key={p.id}>
              {p.display_name} ({p.issuer}) for {p.allowed_domains.join(', ')}
              {p.is_enabled ? null : <span className="identity-providers__paused"> — not offered at sign-in</span>}{' '}
              <button
                type="button"
                className="button button--link"
                aria-expanded={editing === p.id}
                onClick={() => setEditing(editing === p.id ? null : p.id)}
              >
                Change
              </button>{' '}
              <button type="button" className="button button--link" onClick={() => void remove(p.id, p.display_name)}>
                Remove
              </button>
              {editing === p.id ? (
                <ProviderEditor
                  providerId={p.id}
                  onDone={(message) => {
                    setEditing(null);
                    if (message) {
                      setDone(message);
                      providers.reload();
                    }
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="provider-add" aria-labelledby="idp-add-title" onSubmit={(e) => void submit(e)} noValidate>
        <h3 id="idp-add-title" className="provider-add__title">
          Add a school account
        </h3>
      {field('display_name', 'Shown as', '/display_name', 'e.g. Microsoft or Google')}
      {field(
        'issuer',
        'Issuer',
        '/issuer',
        'https://login.microsoftonline.com/{tenant id}/v2.0 or https://accounts.google.com',
      )}
      {field('client_id', 'Client id', '/client_id')}
      {field('client_secret', 'Client secret', '/client_secret', undefined, 'password')}
      {field('domains', 'E-mail domains', '/allowed_domains', 'Whose staff may sign in this way, e.g. heathfield.sch.uk')}
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Add the school account
      </button>
      </form>
    </section>
  );
}
