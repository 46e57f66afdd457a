import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { components } from '../../api/schema';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi, useMe } from '../auth/session';
import { formatDate } from '../pupils/format';
import { loadSchoolSchedule, stateText, type QaActivity } from './qaApi';

type Categories = components['schemas']['SchoolCategories'];
type Code = components['schemas']['CategoryCreate']['code'];

/** A school's risk category: the trust's judgement and its history, with what the data
 * suggests beside it (never instead of it); a trust leader sets the next one. */
export function CategoryPage() {
  const api = useApi();
  const me = useMe();
  const schoolId = Number(useParams().schoolId);
  const school = useApiQuery(`category/school/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: schoolId } } })),
  );
  const found = useApiQuery(`category/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}/categories', { params: { path: { school_id: schoolId } } })),
  );
  const qa = useApiQuery(`category/qa/${schoolId}`, () => loadSchoolSchedule(api, schoolId));
  const [notice, setNotice] = useState<string | null>(null);
  const name = school.status === 'done' ? school.data.name : 'School';
  useDocumentTitle(`Risk category – ${name}`);
  const trustLeader = school.status === 'done' && me.grants.some((g) => g.level === 'trust' && g.trust_id === school.data.trust_id && g.role === 'trust_leader');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${schoolId}`}>{name}</Link>
          </li>
          <li aria-current="page">Risk category</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Risk category</h1>
        <p className="page-header__lead">Set by the trust at each school development meeting, with its reasons.</p>
      </header>
      {found.status === 'loading' ? <Loading label="Loading the category…" /> : null}
      {found.status === 'failed' ? <ErrorPanel error={found.error} onRetry={found.reload} /> : null}
      {found.status === 'done' ? <CategoryView data={found.data} /> : null}
      {trustLeader && found.status === 'done' ? (
        <SetCategory
          schoolId={schoolId}
          data={found.data}
          onSaved={(scheduled) => {
            setNotice(`The schedule now holds ${scheduled} activities from the category's cadence, and any moved by hand.`);
            found.reload();
            qa.reload();
          }}
        />
      ) : null}
      <div role="status">{notice ? <p className="notice notice--success">{notice}</p> : null}</div>
      {qa.status === 'done' ? <SchoolSchedule activities={qa.data} /> : null}
    </>
  );
}

function CategoryView({ data }: { data: Categories }) {
  const meaning = (code: string) => data.meanings.find((m) => m.code === code);
  const current = data.current ? meaning(data.current.code) : null;
  return (
    <>
      <section className="card" aria-labelledby="category-current">
        <h2 id="category-current" className="card__title">
          {data.current ? `Category ${data.current.code}` : 'No category set yet'}
        </h2>
        {data.current && current ? (
          <dl className="details details--compact">
            <div className="details__row">
              <dt>What it means</dt>
              <dd>{current.descriptor}</dd>
            </div>
            <div className="details__row">
              <dt>Expected of the school</dt>
              <dd>{current.expectation}</dd>
            </div>
            <div className="details__row">
              <dt>The trust's intervention</dt>
              <dd>{current.intervention}</dd>
            </div>
            <div className="details__row">
              <dt>Why</dt>
              <dd>
                {data.current.rationale} ({formatDate(data.current.decided_on)}, {data.current.decided_by})
              </dd>
            </div>
          </dl>
        ) : null}
      </section>
      <section className="card" aria-labelledby="category-suggested">
        <h2 id="category-suggested" className="card__title">
          What the data suggests: {data.suggested.code}
        </h2>
        <p className="muted">
          Rule {data.suggested.rule}: a point for each sign below; 0 suggests A, 1 B, 2 C1, 3 C2, 4 or more D. A suggestion beside the
          trust's judgement, never instead of it.
        </p>
        <table className="table table--compact">
          <caption className="visually-hidden">The signs behind the suggestion</caption>
          <thead>
            <tr>
              <th scope="col">Sign</th>
              <th scope="col" className="numeric">
                Figure
              </th>
              <th scope="col">Against</th>
              <th scope="col" className="numeric">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {data.suggested.signs.map((s) => (
              <tr key={s.name}>
                <th scope="row">{s.name}</th>
                <td className="numeric">{s.value ?? '—'}</td>
                <td>{s.against}</td>
                <td className="numeric">{s.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {data.history.length ? (
        <section className="card" aria-labelledby="category-history">
          <h2 id="category-history" className="card__title">
            History
          </h2>
          <ol className="category-history">
            {data.history.map((h) => (
              <li key={h.id}>
                <strong>{h.code}</strong> from {formatDate(h.decided_on)}: {h.rationale} <span className="muted">({h.decided_by})</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function SchoolSchedule({ activities }: { activities: QaActivity[] }) {
  const upcoming = activities.filter((a) => a.state === 'scheduled');
  return (
    <section className="card" aria-labelledby="school-qa">
      <h2 id="school-qa" className="card__title">
        Quality-assurance schedule ({upcoming.length} to come)
      </h2>
      <table className="table table--compact">
        <caption className="visually-hidden">The school's activities, soonest first</caption>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Activity</th>
            <th scope="col">Report to</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((a) => (
            <tr key={a.id}>
              <td>{formatDate(a.due_on, 'short')}</td>
              <th scope="row">{a.name}</th>
              <td>{a.audience}</td>
              <td>{stateText(a, (d) => formatDate(d, 'short'))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SetCategory({ schoolId, data, onSaved }: { schoolId: number; data: Categories; onSaved: (scheduled: number) => void }) {
  const api = useApi();
  const [code, setCode] = useState<Code>(data.current?.code ?? data.suggested.code);
  const [rationale, setRationale] = useState('');
  const [decided, setDecided] = useState(new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const made = await api.call((c) =>
        c.POST('/api/v1/schools/{school_id}/categories', {
          params: { path: { school_id: schoolId } },
          body: { code, rationale, decided_on: decided },
        }),
      );
      setRationale('');
      onSaved(made.scheduled);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  return (
    <form className="card plan-form" aria-labelledby="set-category" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="set-category" className="card__title">
        Set the category
      </h2>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="category-code">
            Category
          </label>
          <select id="category-code" className="field__input field__select" value={code} onChange={(e) => setCode(e.target.value as Code)}>
            {data.meanings.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code}: {m.descriptor}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="category-decided">
            School development meeting
          </label>
          <input id="category-decided" className="field__input" type="date" value={decided} onChange={(e) => setDecided(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="category-rationale">
          Rationale
        </label>
        <textarea id="category-rationale" className="field__input" value={rationale} onChange={(e) => setRationale(e.target.value)} />
        {errors['/rationale'] ? <p className="field__error">{errors['/rationale']}</p> : null}
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Set the category
      </button>
    </form>
  );
}
