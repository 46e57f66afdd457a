import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { CADENCES, CODES, keyOf, loadTypes, loadWordings, saveType, saveWording, type ActivityType, type ActivityTypeChange, type Wording } from './setupApi';

const OWNERS = [
  { value: 'trust_leader', label: 'Trust leader' },
  { value: 'data_officer', label: 'Data officer' },
  { value: 'external_adviser', label: 'External adviser' },
] as const;

/** The trust's own words for its risk categories, and its quality-assurance activity types with
 * how often each category has them: the schedule is made from these. */
export function OversightSetupPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const wordings = useApiQuery(`oversight/wordings/${trustId}`, () => loadWordings(api, trustId));
  const types = useApiQuery(`oversight/types/${trustId}`, () => loadTypes(api, trustId));
  const [saved, setSaved] = useState<string | null>(null);
  useDocumentTitle('Categories and activity types');
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">Categories and activity types</h1>
        <p className="page-header__lead">
          What each risk category means in this trust, and how often each category has each quality-assurance activity. A change of cadence
          makes every categorised school's future schedule again; activities done, moved or reassigned stay.
        </p>
      </header>
      <p>
        <Link to={`/trusts/${trustId}/qa`}>The schedule</Link>
      </p>
      {saved ? (
        <p className="notice notice--success" role="status">
          {saved}
        </p>
      ) : null}
      <h2>Activity types</h2>
      {types.status === 'loading' ? <Loading label="Loading the activity types…" /> : null}
      {types.status === 'failed' ? <ErrorPanel error={types.error} onRetry={types.reload} /> : null}
      {types.status === 'done' ? (
        <div className="table-wrap">
          <table className="table setup-cadence">
            <caption className="visually-hidden">Activity types and their cadence for each category</caption>
            <thead>
              <tr>
                <th scope="col">Activity</th>
                <th scope="col">Owner</th>
                <th scope="col">Report to</th>
                {CODES.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Save</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {types.data.map((t) => (
                <TypeRow
                  key={`${t.key}-${t.version}`}
                  type={t}
                  trustId={trustId}
                  onSaved={(moved) => {
                    setSaved(`${t.name} saved: ${moved} future activities scheduled again.`);
                    types.reload();
                  }}
                />
              ))}
              <TypeRow
                key={`new-${types.data.length}`}
                trustId={trustId}
                onSaved={(moved) => {
                  setSaved(`Activity type added: ${moved} future activities scheduled again.`);
                  types.reload();
                }}
              />
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>Category wording</h2>
      {wordings.status === 'loading' ? <Loading label="Loading the wording…" /> : null}
      {wordings.status === 'failed' ? <ErrorPanel error={wordings.error} onRetry={wordings.reload} /> : null}
      {wordings.status === 'done'
        ? wordings.data.map((w) => (
            <WordingCard
              key={`${w.code}-${w.version}`}
              wording={w}
              trustId={trustId}
              onSaved={() => {
                setSaved(`Category ${w.code} reworded.`);
                wordings.reload();
              }}
            />
          ))
        : null}
    </>
  );
}

const BLANK: ActivityTypeChange = { name: '', owner_role: 'trust_leader', audience: '', cadence: {} };

function TypeRow({ type, trustId, onSaved }: { type?: ActivityType; trustId: number; onSaved: (moved: number) => void }) {
  const api = useApi();
  const [change, setChange] = useState<ActivityTypeChange>(type ? { name: type.name, owner_role: type.owner_role, audience: type.audience, cadence: type.cadence } : BLANK);
  const [problem, setProblem] = useState<string | null>(null);
  const label = type ? type.name : 'the new activity type';
  async function save() {
    setProblem(null);
    try {
      const done = await saveType(api, trustId, type ? type.key : keyOf(change.name), type ? type.version : 0, change);
      onSaved(done.rescheduled);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <tr>
      <th scope="row">
        <input aria-label={type ? `Name of ${label}` : 'Name of a new activity type'} className="field__input" value={change.name} onChange={(e) => setChange({ ...change, name: e.target.value })} />
        {type && !type.own ? <span className="table__sub">Termwise's default</span> : null}
        {problem ? (
          <p className="field__error" role="alert">
            {problem}
          </p>
        ) : null}
      </th>
      <td>
        <select aria-label={`Owner of ${label}`} value={change.owner_role} onChange={(e) => setChange({ ...change, owner_role: e.target.value as ActivityTypeChange['owner_role'] })}>
          {OWNERS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`Report audience of ${label}`} className="field__input" value={change.audience} onChange={(e) => setChange({ ...change, audience: e.target.value })} />
      </td>
      {CODES.map((code) => (
        <td key={code}>
          <select
            aria-label={`How often a ${code} school has ${label}`}
            value={change.cadence[code] ?? ''}
            onChange={(e) => setChange({ ...change, cadence: { ...change.cadence, [code]: e.target.value || null } })}
          >
            <option value="">Not at all</option>
            {CADENCES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </td>
      ))}
      <td>
        <button type="button" className="button button--secondary" onClick={() => void save()}>
          {type ? 'Save' : 'Add'}
          <span className="visually-hidden"> {label}</span>
        </button>
      </td>
    </tr>
  );
}

function WordingCard({ wording: w, trustId, onSaved }: { wording: Wording; trustId: number; onSaved: () => void }) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [words, setWords] = useState({ descriptor: w.descriptor, expectation: w.expectation, intervention: w.intervention });
  const [problem, setProblem] = useState<string | null>(null);
  async function save() {
    setProblem(null);
    try {
      await saveWording(api, trustId, w, words);
      onSaved();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  const fields = [
    ['descriptor', 'What it means'],
    ['expectation', 'What the trust expects of the school'],
    ['intervention', 'How the trust intervenes'],
  ] as const;
  return (
    <section className="card" aria-label={`Category ${w.code}`}>
      <h3>
        Category {w.code}
        {w.own ? null : <span className="table__sub">Termwise's default wording</span>}
      </h3>
      {editing ? (
        <>
          {fields.map(([field, label]) => (
            <div className="field" key={field}>
              <label className="field__label" htmlFor={`wording-${w.code}-${field}`}>
                {label}
              </label>
              <textarea id={`wording-${w.code}-${field}`} className="field__input" value={words[field]} onChange={(e) => setWords({ ...words, [field]: e.target.value })} />
            </div>
          ))}
          <button type="button" className="button button--secondary" onClick={() => void save()}>
            Save category {w.code}
          </button>
          {problem ? (
            <p className="field__error" role="alert">
              {problem}
            </p>
          ) : null}
        </>
      ) : (
        <>
          <dl className="meeting-notes">
            {fields.map(([field, label]) => (
              <div key={field}>
                <dt>{label}</dt>
                <dd>{w[field]}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="button button--link" onClick={() => setEditing(true)}>
            Reword category {w.code}
          </button>
        </>
      )}
    </section>
  );
}
