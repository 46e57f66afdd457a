import { useState, type ChangeEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { exportFramework, importFramework, loadFrameworks } from './maturityApi';

/** The frameworks the trust's schools are reviewed against: Termwise's and the trust's own, each
 * version kept; a trust leader imports a framework file and exports any. */
export function FrameworksPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const list = useApiQuery(`maturity/frameworks/${trustId}`, () => loadFrameworks(api, trustId));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useDocumentTitle('Frameworks');
  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setMessage(null);
    try {
      const made = await importFramework(api, trustId, await file.text(), !file.name.toLowerCase().endsWith('.json'));
      setMessage({ ok: true, text: `Imported ${made.name}, version ${made.version}.` });
      list.reload();
    } catch (error) {
      setMessage({ ok: false, text: userMessage(error) });
    }
    event.target.value = '';
  }
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/trusts/${trustId}/maturity`}>Maturity across the trust</Link>
          </li>
          <li aria-current="page">Frameworks</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Frameworks</h1>
        <p className="page-header__lead">
          A framework in use is never changed: importing one with the same key makes its next version, and each review keeps
          the version it was scored against.
        </p>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="framework-file">
          Import a framework file (YAML or JSON, as schemas/framework.schema.json)
        </label>
        <input id="framework-file" className="field__input" type="file" accept=".yaml,.yml,.json" onChange={(e) => void upload(e)} />
      </div>
      <div role="status">{message?.ok ? <p className="notice notice--success">{message.text}</p> : null}</div>
      {message && !message.ok ? (
        <p className="notice notice--error" role="alert">
          {message.text}
        </p>
      ) : null}
      {list.status === 'loading' ? <Loading label="Loading the frameworks…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'done' ? (
        <table className="table">
          <caption className="visually-hidden">Frameworks and their versions</caption>
          <thead>
            <tr>
              <th scope="col">Framework</th>
              <th scope="col" className="numeric">
                Version
              </th>
              <th scope="col">Areas</th>
              <th scope="col">Whose</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  {f.name}
                  {f.latest ? '' : ' (an earlier version)'}
                  {f.in_use ? <span className="table__sub">In use by reviews</span> : null}
                </th>
                <td className="numeric">{f.version}</td>
                <td>{f.definition.areas.map((a) => a.name).join(', ')}</td>
                <td>{f.trust_id === null ? 'Termwise' : 'The trust'}</td>
                <td>
                  <button
                    type="button"
                    className="button button--link"
                    onClick={() => void exportFramework(api, f.id).then((text) => saveTextFile(`${f.key}-v${f.version}.yaml`, text, 'application/yaml'))}
                  >
                    Export {f.name} (YAML)
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
