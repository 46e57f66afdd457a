import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { createSchoolClient, loadSchoolClients, revokeClient, rotateClient, type ClientIssued, type ClientKind, type ClientRead } from './clientsApi';

const KIND_NAMES: Record<ClientKind, string> = {
  mis: 'MIS (pushes pupils and results)',
  dashboard: 'Dashboard (reads aggregates only)',
};

const GRACE_CHOICES: [number, string][] = [
  [0, 'No: the old secret stops now'],
  [24, '24 hours'],
  [72, '3 days'],
  [168, '7 days'],
];

/** A school's data connections: its MIS and dashboard clients, created, rotated and revoked. */
export function ClientsPage() {
  const api = useApi();
  const schoolId = Number(useParams().schoolId);
  const school = useApiQuery(`clients/school/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: schoolId } } })),
  );
  const clients = useApiQuery(`clients/${schoolId}`, () => loadSchoolClients(api, schoolId));
  // A secret is shown once, straight after it was made, and never again.
  const [issued, setIssued] = useState<{ client: ClientIssued; rotated: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const schoolName = school.status === 'done' ? school.data.name : 'School';
  useDocumentTitle(`Data connections – ${schoolName}`);

  function changed(message: string, secret: ClientIssued | null = null, rotated = false) {
    setDone(message);
    setIssued(secret ? { client: secret, rotated } : null);
    clients.reload();
  }

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li>
            <Link to={`/schools/${schoolId}`}>{schoolName}</Link>
          </li>
          <li aria-current="page">Data connections</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Data connections</h1>
        <p className="page-header__lead">
          The systems that send this school&rsquo;s data to Termwise (its MIS) or read its figures (a dashboard).
          Each signs in with its own client id and secret.
        </p>
      </header>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {issued ? <SecretPanel issued={issued.client} rotated={issued.rotated} onDone={() => setIssued(null)} /> : null}
      {clients.status === 'loading' ? <Loading label="Loading the connections…" /> : null}
      {clients.status === 'failed' ? <ErrorPanel error={clients.error} onRetry={clients.reload} /> : null}
      {clients.status === 'done' ? (
        <>
          <ClientsTable clients={clients.data} onChanged={changed} />
          <CreateForm schoolId={schoolId} onCreated={(c) => changed(`Created “${c.name}”.`, c)} />
        </>
      ) : null}
    </>
  );
}

function SecretPanel({ issued, rotated, onDone }: { issued: ClientIssued; rotated: boolean; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(issued.client_secret);
    setCopied(true);
  }
  return (
    <section className="card secret-panel" aria-labelledby="secret-title">
      <h2 id="secret-title" className="card__title">
        {rotated ? 'The new secret' : 'The new connection’s secret'} for “{issued.name}”
      </h2>
      <p className="notice notice--info">
        Copy the secret into the system now: Termwise keeps only a fingerprint of it and will not show it again.
        {rotated && issued.previous_secret_valid_until
          ? ` The old secret keeps working until ${formatDateTime(issued.previous_secret_valid_until)}.`
          : ''}
      </p>
      <dl className="details">
        <div>
          <dt>Client id</dt>
          <dd>
            <code data-testid="client-id">{issued.client_id}</code>
          </dd>
        </div>
        <div>
          <dt>Client secret</dt>
          <dd>
            <code data-testid="client-secret">{issued.client_secret}</code>
          </dd>
        </div>
      </dl>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy the secret'}
        </button>{' '}
        <button type="button" className="button button--link" onClick={onDone}>
          I have saved it
        </button>
      </p>
    </section>
  );
}

function ClientsTable({
  clients,
  onChanged,
}: {
  clients: ClientRead[];
  onChanged: (message: string, issued?: ClientIssued | null, rotated?: boolean) => void;
}) {
  if (clients.length === 0) return <p>No data connections yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table clients">
        <caption className="visually-hidden">Data connections</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Client id</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <ClientRow key={c.id} client={c} onChanged={onChanged} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClientRow({
  client,
  onChanged,
}: {
  client: ClientRead;
  onChanged: (message: string, issued?: ClientIssued | null, rotated?: boolean) => void;
}) {
  const api = useApi();
  const id = useId();
  const [action, setAction] = useState<'rotate' | 'revoke' | null>(null);
  const [grace, setGrace] = useState(24);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      setAction(null);
    } catch (error) {
      setProblem(userMessage(error));
    } finally {
      setBusy(false);
    }
  }
  const rotate = () =>
    run(async () => onChanged(`Gave “${client.name}” a new secret.`, await rotateClient(api, client.id, grace), true));
  const revoke = () =>
    run(async () => {
      await revokeClient(api, client.id);
      onChanged(`Revoked “${client.name}”: it can no longer sign in.`);
    });

  return (
    <tr>
      <th scope="row">{client.name}</th>
      <td>{client.kind === 'mis' ? 'MIS' : 'Dashboard'}</td>
      <td>
        <code>{client.client_id}</code>
      </td>
      <td>{client.last_used_at ? formatDateTime(client.last_used_at) : 'Never'}</td>
      <td>
        {client.is_active ? 'Active' : <span className="tag">Revoked</span>}
        {client.previous_secret_valid_until ? (
          <span className="table__sub">Old secret works until {formatDateTime(client.previous_secret_valid_until)}</span>
        ) : null}
      </td>
      <td>
        {client.is_active && action === null ? (
          <>
            <button type="button" className="button button--secondary" onClick={() => setAction('rotate')} aria-label={`New secret for ${client.name}`}>
              New secret…
            </button>{' '}
            <button type="button" className="button button--link" onClick={() => setAction('revoke')} aria-label={`Revoke ${client.name}`}>
              Revoke…
            </button>
          </>
        ) : null}
        {action === 'rotate' ? (
          <div role="group" aria-label={`New secret for ${client.name}`}>
            <label className="field__label" htmlFor={`${id}-grace`}>
              Keep the old secret working?
            </label>
            <select id={`${id}-grace`} className="field__input field__select" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {GRACE_CHOICES.map(([hours, text]) => (
                <option key={hours} value={hours}>
                  {text}
                </option>
              ))}
            </select>{' '}
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void rotate()}>
              Make a new secret
            </button>{' '}
            <button type="button" className="button button--link" onClick={() => setAction(null)}>
              Cancel
            </button>
          </div>
        ) : null}
        {action === 'revoke' ? (
          <div role="group" aria-label={`Revoke ${client.name}`}>
            <p>It stops working at once, including any token it holds.</p>
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void revoke()}>
              Yes, revoke it
            </button>{' '}
            <button type="button" className="button button--link" onClick={() => setAction(null)}>
              Cancel
            </button>
          </div>
        ) : null}
        {problem ? (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function CreateForm({ schoolId, onCreated }: { schoolId: number; onCreated: (client: ClientIssued) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ClientKind>('mis');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setProblem('Give the connection a name, e.g. the name of your MIS.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onCreated(await createSchoolClient(api, schoolId, name.trim(), kind));
      setName('');
    } catch (error) {
      setProblem(userMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" aria-labelledby="new-client-title" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="new-client-title" className="card__title">
        Add a data connection
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="client-name">
          Name
        </label>
        <input
          id="client-name"
          className="field__input"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'client-name-error' : undefined}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="client-kind">
          Kind
        </label>
        <select id="client-kind" className="field__input field__select" value={kind} onChange={(e) => setKind(e.target.value as ClientKind)}>
          {(Object.keys(KIND_NAMES) as ClientKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_NAMES[k]}
            </option>
          ))}
        </select>
      </div>
      {problem ? (
        <p id="client-name-error" className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        Create the connection
      </button>
    </form>
  );
}
