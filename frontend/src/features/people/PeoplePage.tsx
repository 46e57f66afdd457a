import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery, type ApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi, useMe } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { grantableAtSchool, roleName, type Role } from './people';
import {
  invite,
  loadInvitations,
  loadPeople,
  personLink,
  withdraw,
  type InvitationRead,
  type PeopleScope,
  type PersonRead,
} from './peopleApi';

/** A school's people: who holds which role, invitations waiting, and inviting someone new. */
/** What an inviter is told once an invitation is made: by e-mail, or the link to pass on. */
export function InvitationSent({ sent }: { sent: InvitationRead }) {
  return (
    <div className="notice notice--success">
      <p>
        Invited {sent.full_name} as {roleName(sent.role).toLowerCase()}.
        {sent.emailed ? ' The invitation is on its way by e-mail.' : ' No mail server is set up: pass them this link.'}
      </p>
      {sent.link ? (
        <p>
          <code data-testid="invitation-link">{sent.link}</code>
        </p>
      ) : null}
    </div>
  );
}

export function PeoplePage() {
  const api = useApi();
  const schoolId = Number(useParams().schoolId);
  const school = useApiQuery(`people/school/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: schoolId } } })),
  );
  const people = useApiQuery(`people/${schoolId}`, () => loadPeople(api, { school_id: schoolId }));
  const pending = useApiQuery(`people/${schoolId}/invitations`, () => loadInvitations(api, { school_id: schoolId }));
  const [sent, setSent] = useState<InvitationRead | null>(null);
  const name = school.status === 'done' ? school.data.name : 'School';
  useDocumentTitle(`People – ${name}`);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li>
            <Link to={`/schools/${schoolId}`}>{name}</Link>
          </li>
          <li aria-current="page">People</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">People</h1>
        <p className="page-header__lead">Everyone with a role at {name}, and invitations not yet accepted.</p>
      </header>
      <div role="status">{sent ? <InvitationSent sent={sent} /> : null}</div>
      <PeopleTable people={people} scope={{ school_id: schoolId }} caption={`People at ${name}`} />
      <InvitationsWaiting pending={pending} />
      <SchoolInviteForm
        schoolId={schoolId}
        onSent={(i) => {
          setSent(i);
          pending.reload();
        }}
      />
    </>
  );
}

/** Everyone with a role in the scope, each linking to their page. */
export function PeopleTable({ people, scope, caption }: { people: ApiQuery<PersonRead[]>; scope: PeopleScope; caption: string }) {
  if (people.status === 'loading') return <Loading label="Loading the people…" />;
  if (people.status === 'failed') return <ErrorPanel error={people.error} onRetry={people.reload} />;
  if (!people.data.length) return <p>Nobody has a role here yet: invite them below.</p>;
  return (
    <div className="table-wrap">
      <table className="table people">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Roles</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {people.data.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={personLink(p.id, scope)}>{p.full_name}</Link>
              </th>
              <td>{p.email}</td>
              <td>{p.roles.map((r) => `${roleName(r.role)} (${r.scope_name})`).join('; ')}</td>
              <td>{p.is_active ? 'Active' : <span className="tag">Deactivated</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invitations sent and not yet accepted, each of which can be withdrawn. */
export function InvitationsWaiting({ pending }: { pending: ApiQuery<InvitationRead[]> }) {
  const api = useApi();
  if (pending.status !== 'done' || pending.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title" className="card__title">
        Invitations waiting
      </h2>
      <ul>
        {pending.data.map((i) => (
          <li key={i.id}>
            {i.full_name} ({i.email}), {roleName(i.role).toLowerCase()} at {i.scope_name}, until {formatDateTime(i.expires_at)}{' '}
            <button
              type="button"
              className="button button--link"
              onClick={() => void withdraw(api, i.id).then(pending.reload)}
              aria-label={`Withdraw the invitation to ${i.email}`}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SchoolInviteForm({ schoolId, onSent }: { schoolId: number; onSent: (invitation: InvitationRead) => void }) {
  const me = useMe();
  const roles = grantableAtSchool(
    me.grants.filter((g) => g.level === 'trust' || g.school_id === schoolId).map((g) => g.role as Role),
    me.is_platform_admin,
  );
  return <InviteForm scope={{ school_id: schoolId }} roles={roles} onSent={onSent} />;
}

/** Inviting someone to one of `roles` at a school or trust. */
export function InviteForm({
  scope,
  roles,
  onSent,
}: {
  scope: { school_id?: number; trust_id?: number };
  roles: Role[];
  onSent: (invitation: InvitationRead) => void;
}) {
  const api = useApi();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('class_teacher') ? 'class_teacher' : (roles[0] ?? 'class_teacher'));
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const sent = await invite(api, { email: email.trim(), full_name: fullName.trim(), role, ...scope, ends_on: endsOn || null });
      setFullName('');
      setEmail('');
      setEndsOn('');
      onSent(sent);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  return (
    <form className="card" aria-labelledby="invite-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="invite-title" className="card__title">
        Invite someone
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="invite-name">
          Full name
        </label>
        <input id="invite-name" className="field__input" value={fullName} onChange={(e) => setFullName(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="invite-email">
          Their e-mail address
        </label>
        <input
          id="invite-email"
          className="field__input"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={errors['/email'] ? true : undefined}
        />
        {errors['/email'] ? <p className="field__error">{errors['/email']}</p> : null}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="invite-role">
          Role
        </label>
        <select id="invite-role" className="field__input field__select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="invite-ends">
          Last day (optional, e.g. for supply cover)
        </label>
        <input id="invite-ends" className="field__input" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Send the invitation
      </button>
    </form>
  );
}
