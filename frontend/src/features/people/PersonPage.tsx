import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { roleName } from './people';
import { loadPerson, loadPersonAudit, removeRole, setActive } from './peopleApi';

/** One person: their roles (each removable), their account's state, and what was changed. */
export function PersonPage() {
  const api = useApi();
  const userId = Number(useParams().userId);
  const [query] = useSearchParams();
  const schoolId = Number(query.get('school')) || null;
  const trustId = Number(query.get('trust')) || null;
  const person = useApiQuery(`person/${userId}`, () => loadPerson(api, userId));
  const audit = useApiQuery(`person/${userId}/audit`, () => loadPersonAudit(api, userId));
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const name = person.status === 'done' ? person.data.full_name : 'Person';
  useDocumentTitle(name);

  async function act(work: () => Promise<unknown>, message: string) {
    setProblem(null);
    try {
      await work();
      setDone(message);
      person.reload();
      audit.reload();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          {schoolId ? (
            <li>
              <Link to={`/schools/${schoolId}/people`}>People</Link>
            </li>
          ) : null}
          {trustId && !schoolId ? (
            <li>
              <Link to={`/setup/trusts/${trustId}`}>Trust setup</Link>
            </li>
          ) : null}
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <h1 className="page-header__title">{name}</h1>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      {person.status === 'loading' ? <Loading label="Loading…" /> : null}
      {person.status === 'failed' ? <ErrorPanel error={person.error} onRetry={person.reload} /> : null}
      {person.status === 'done' ? (
        <>
          <section className="card" aria-labelledby="roles-title">
            <h2 id="roles-title" className="card__title">
              Roles
            </h2>
            {person.data.roles.length === 0 ? <p>No roles: this person sees nothing.</p> : null}
            <ul className="person-roles">
              {person.data.roles.map((r) => (
                <li key={r.id}>
                  {roleName(r.role)} at {r.scope_name}
                  {r.ends_on ? `, until ${r.ends_on}` : ''}{' '}
                  <button
                    type="button"
                    className="button button--link"
                    aria-label={`Remove the role ${roleName(r.role)} at ${r.scope_name}`}
                    onClick={() => void act(() => removeRole(api, userId, r.id), `Removed the role ${roleName(r.role)}.`)}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="account-title">
            <h2 id="account-title" className="card__title">
              Account
            </h2>
            <p>
              {person.data.email} · {person.data.is_active ? 'Active' : 'Deactivated: cannot sign in'}
            </p>
            <button
              type="button"
              className={person.data.is_active ? 'button button--danger' : 'button button--secondary'}
              onClick={() =>
                void act(
                  () => setActive(api, userId, !person.data.is_active),
                  person.data.is_active ? `Deactivated ${name}: signed out everywhere.` : `Reactivated ${name}.`,
                )
              }
            >
              {person.data.is_active ? 'Deactivate the account' : 'Reactivate the account'}
            </button>
          </section>
        </>
      ) : null}
      {audit.status === 'done' ? (
        <section className="card" aria-labelledby="audit-title">
          <h2 id="audit-title" className="card__title">
            Changes
          </h2>
          <table className="table table--compact person-audit">
            <caption className="visually-hidden">Changes to {name}&rsquo;s account and roles</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.occurred_at)}</td>
                  <td>{e.actor_label}</td>
                  <td>
                    {e.action} {e.entity_type.replace('_', ' ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
