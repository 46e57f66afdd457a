import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { ProvidersCard } from '../schoolAccounts/ProvidersCard';
import type { Role } from '../people/people';
import { InvitationSent, InvitationsWaiting, InviteForm, PeopleTable } from '../people/PeoplePage';
import { loadInvitations, loadPeople } from '../people/peopleApi';
import type { InvitationRead } from '../people/peopleApi';
import { addSchool, importRegister, loadTrust, loadTrustSchools, updateTrust, type Phase, type RegisterImport, type TrustRead } from './setupApi';

// Roles held over a whole trust.
const TRUST_ROLES: Role[] = ['trust_leader', 'data_officer', 'external_adviser'];

const PHASES: [Phase, string][] = [
  ['primary', 'Primary'],
  ['nursery', 'Nursery'],
  ['middle', 'Middle'],
  ['secondary', 'Secondary'],
  ['all_through', 'All-through'],
  ['special', 'Special'],
];

/** One trust's setup: its details, its schools (by hand or from the DfE register), its calendar. */
export function TrustSetupPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const trust = useApiQuery(`setup/trust/${trustId}`, () => loadTrust(api, trustId));
  const schools = useApiQuery(`setup/trust/${trustId}/schools`, () => loadTrustSchools(api, trustId));
  const people = useApiQuery(`setup/trust/${trustId}/people`, () => loadPeople(api, { trust_id: trustId }));
  const pending = useApiQuery(`setup/trust/${trustId}/invitations`, () => loadInvitations(api, { trust_id: trustId }));
  const [done, setDone] = useState<string | null>(null);
  const [invited, setInvited] = useState<InvitationRead | null>(null);
  const name = trust.status === 'done' ? trust.data.trust.name : 'Trust';
  useDocumentTitle(`${name} – Trust setup`);
  function changed(message: string) {
    setDone(message);
    schools.reload();
  }
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/setup">Trust setup</Link>
          </li>
          <li aria-current="page">{name}</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">{name}</h1>
        <p className="page-header__lead">
          <Link to={`/setup/trusts/${trustId}/calendar`}>Assessment calendar</Link> ·{' '}
          <Link to={`/trusts/${trustId}/oversight-setup`}>Categories and activity types</Link>
        </p>
      </header>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {trust.status === 'loading' ? <Loading label="Loading the trust…" /> : null}
      {trust.status === 'failed' ? <ErrorPanel error={trust.error} onRetry={trust.reload} /> : null}
      {trust.status === 'done' ? (
        <TrustDetails key={trust.data.etag} trust={trust.data.trust} etag={trust.data.etag} onSaved={(m) => { setDone(m); trust.reload(); }} />
      ) : null}
      <section className="card" aria-labelledby="schools-title">
        <h2 id="schools-title" className="card__title">
          Schools
        </h2>
        {schools.status === 'loading' ? <Loading label="Loading the schools…" /> : null}
        {schools.status === 'failed' ? <ErrorPanel error={schools.error} onRetry={schools.reload} /> : null}
        {schools.status === 'done' ? (
          schools.data.length === 0 ? (
            <p>No schools yet: add them by hand or from the DfE register below.</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--compact trust-schools">
                <caption className="visually-hidden">The trust&rsquo;s schools</caption>
                <thead>
                  <tr>
                    <th scope="col">School</th>
                    <th scope="col">URN</th>
                    <th scope="col">LAESTAB</th>
                    <th scope="col">Phase</th>
                  </tr>
                </thead>
                <tbody>
                  {schools.data.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/schools/${s.id}`}>{s.name}</Link>
                      </th>
                      <td>{s.urn}</td>
                      <td>{s.laestab}</td>
                      <td>{PHASES.find(([p]) => p === s.phase)?.[1] ?? s.phase}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
      <section className="card" aria-labelledby="trust-people-title">
        <h2 id="trust-people-title" className="card__title">
          People
        </h2>
        <p className="muted card__lead">Everyone with a role in the trust or at one of its schools.</p>
        <PeopleTable people={people} scope={{ trust_id: trustId }} caption={`People of ${name}`} />
      </section>
      <InvitationsWaiting pending={pending} />
      <div role="status">{invited ? <InvitationSent sent={invited} /> : null}</div>
      <InviteForm
        scope={{ trust_id: trustId }}
        roles={TRUST_ROLES}
        onSent={(i) => {
          setInvited(i);
          pending.reload();
        }}
      />
      <AddSchoolForm trustId={trustId} onAdded={(n) => changed(`Added ${n}.`)} />
      <ProvidersCard trustId={trustId} />
      <RegisterForm trustId={trustId} onImported={() => schools.reload()} />
    </>
  );
}

function TrustDetails({ trust, etag, onSaved }: { trust: TrustRead; etag: string; onSaved: (message: string) => void }) {
  const api = useApi();
  const [name, setName] = useState(trust.name);
  const [reference, setReference] = useState(trust.reference ?? '');
  const [retention, setRetention] = useState(trust.retention_years ? String(trust.retention_years) : '');
  const [problem, setProblem] = useState<{ message: string; stale: boolean } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await updateTrust(api, trust.id, etag, {
        name: name.trim(),
        reference: reference.trim() || null,
        retention_years: retention ? Number(retention) : null,
      });
      onSaved('Saved the trust’s details.');
    } catch (error) {
      const stale = error instanceof ApiError && error.status === 412;
      // The person's text stays in the form; reloading brings in the other change.
      setProblem({ message: stale ? 'Someone else changed these details; reload to see their change.' : userMessage(error), stale });
    }
  }
  return (
    <form className="card" aria-labelledby="trust-details" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="trust-details" className="card__title">
        Details
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="trust-name">
          Trust name
        </label>
        <input id="trust-name" className="field__input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="trust-reference">
          Companies House number
        </label>
        <input id="trust-reference" className="field__input" value={reference} maxLength={20} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="trust-retention">
          Keep a pupil’s data for (years after they leave)
        </label>
        <input
          id="trust-retention"
          className="field__input"
          type="number"
          min={1}
          max={50}
          value={retention}
          placeholder="Termwise’s default"
          onChange={(e) => setRetention(e.target.value)}
        />
      </div>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          {problem.stale ? (
            <button type="button" className="button button--secondary" onClick={() => onSaved('Reloaded the trust’s details.')}>
              Reload the details
            </button>
          ) : null}
        </div>
      ) : null}
      <button type="submit" className="button button--primary">
        Save the details
      </button>
    </form>
  );
}

function AddSchoolForm({ trustId, onAdded }: { trustId: number; onAdded: (name: string) => void }) {
  const api = useApi();
  const [urn, setUrn] = useState('');
  const [laestab, setLaestab] = useState('');
  const [name, setName] = useState('');
  const [phase, setPhase] = useState<Phase>('primary');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const school = await addSchool(api, trustId, { urn: urn.trim(), laestab: laestab.trim(), name: name.trim(), phase });
      setUrn('');
      setLaestab('');
      setName('');
      onAdded(school.name);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const field = (id: string, label: string, value: string, set: (v: string) => void, pointer: string, hint?: string) => (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <input
        id={id}
        className="field__input"
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={errors[pointer] ? true : undefined}
      />
      {errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null}
    </div>
  );
  return (
    <form className="card" aria-labelledby="add-school-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="add-school-title" className="card__title">
        Add a school
      </h2>
      {field('school-urn', 'URN', urn, setUrn, '/urn', 'Six digits, from Get Information about Schools.')}
      {field('school-laestab', 'LAESTAB', laestab, setLaestab, '/laestab', 'Seven digits: the LA code and the establishment number.')}
      {field('school-name', 'School name', name, setName, '/name')}
      <div className="field">
        <label className="field__label" htmlFor="school-phase">
          Phase
        </label>
        <select id="school-phase" className="field__input field__select" value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
          {PHASES.map(([p, label]) => (
            <option key={p} value={p}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Add the school
      </button>
    </form>
  );
}

function RegisterForm({ trustId, onImported }: { trustId: number; onImported: () => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<RegisterImport | null>(null);
  const [problem, setProblem] = useState<{ message: string; rows: [string, string][] } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setProblem({ message: 'Choose the CSV file you downloaded from Get Information about Schools.', rows: [] });
      return;
    }
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await importRegister(api, trustId, file));
      onImported();
    } catch (error) {
      const rows = error instanceof ApiError ? (error.problem?.errors ?? []).map((e): [string, string] => [e.pointer, e.message]) : [];
      setProblem({ message: userMessage(error), rows });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" aria-labelledby="register-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="register-title" className="card__title">
        Import from the DfE register
      </h2>
      <p>
        Download your schools from Get Information about Schools as CSV and upload the file here. Open schools are added
        or updated; closed ones are skipped. If any row cannot be taken, nothing is added.
      </p>
      <div className="field">
        <label className="field__label" htmlFor="register-file">
          Register file (CSV)
        </label>
        <input id="register-file" ref={input} className="field__input" type="file" accept=".csv,text/csv" />
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        Import the schools
      </button>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          {problem.rows.length ? (
            <ul>
              {problem.rows.map(([where, message]) => (
                <li key={where}>
                  {where.replace('/file/rows/', 'Row ').replace('/file/columns/', 'Column ').replace('/', ', ')}: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {result ? (
        <div className="register-result" role="status">
          <p className="notice notice--success">
            {result.created} added, {result.updated} updated, {result.unchanged} unchanged, {result.skipped} skipped.
          </p>
          <table className="table table--compact register-rows">
            <caption className="visually-hidden">What became of each row</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">School</th>
                <th scope="col">URN</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <th scope="row">{r.name}</th>
                  <td>{r.urn}</td>
                  <td>
                    {r.outcome}
                    {r.reason ? `: ${r.reason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}
