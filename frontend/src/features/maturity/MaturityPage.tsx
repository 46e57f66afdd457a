import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { can } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { formatDate } from '../pupils/format';
import { loadFrameworks, loadReviews, loadShift, startReview, STATES, type FrameworkRead } from './maturityApi';
import { RadarChart } from './RadarChart';

/** A school's peer reviews: the shift over time as a shape, its reviews, and starting one. */
export function MaturityPage() {
  const api = useApi();
  const me = useMe();
  const schoolId = Number(useParams().schoolId);
  const school = useApiQuery(`maturity/school/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: schoolId } } })),
  );
  const reviews = useApiQuery(`maturity/reviews/${schoolId}`, () => loadReviews(api, schoolId));
  const shift = useApiQuery(`maturity/shift/${schoolId}`, () => loadShift(api, schoolId));
  const name = school.status === 'done' ? school.data.name : 'School';
  useDocumentTitle(`Peer review – ${name}`);
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
          <li aria-current="page">Peer review</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Peer review and maturity</h1>
        <p className="page-header__lead">The school scores itself area by area, a peer from another school challenges it, and the agreed scores show the shift over time.</p>
      </header>
      {shift.status === 'failed' ? <ErrorPanel error={shift.error} onRetry={shift.reload} /> : null}
      {shift.status === 'done'
        ? shift.data.map((s) => (
            <section className="card" key={s.framework_key} aria-labelledby={`shift-${s.framework_key}`}>
              <h2 id={`shift-${s.framework_key}`} className="card__title">
                The shift: {s.framework_name}
              </h2>
              <RadarChart shift={s} />
            </section>
          ))
        : null}
      <section className="card" aria-labelledby="reviews">
        <h2 id="reviews" className="card__title">
          Reviews
        </h2>
        {reviews.status === 'loading' ? <Loading label="Loading the reviews…" /> : null}
        {reviews.status === 'failed' ? <ErrorPanel error={reviews.error} onRetry={reviews.reload} /> : null}
        {reviews.status === 'done' ? (
          reviews.data.length === 0 ? (
            <p>No reviews yet.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">The school's reviews, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Framework</th>
                  <th scope="col">Held</th>
                  <th scope="col">State</th>
                  <th scope="col" className="numeric">
                    Overall
                  </th>
                </tr>
              </thead>
              <tbody>
                {reviews.data.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/maturity-reviews/${r.id}`}>{r.title}</Link>
                    </th>
                    <td>
                      {r.framework_name} (v{r.framework_version})
                    </td>
                    <td>{formatDate(r.held_on, 'short')}</td>
                    <td>{STATES[r.state]}</td>
                    <td className="numeric">{r.overall ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
      </section>
      {can(me, 'plans:write') && school.status === 'done' ? <StartReview schoolId={schoolId} trustId={school.data.trust_id} /> : null}
    </>
  );
}

function StartReview({ schoolId, trustId }: { schoolId: number; trustId: number }) {
  const api = useApi();
  const navigate = useNavigate();
  const frameworks = useApiQuery(`maturity/frameworks/${trustId}`, () => loadFrameworks(api, trustId));
  const [framework, setFramework] = useState('');
  const [title, setTitle] = useState('');
  const [held, setHeld] = useState(new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const latest: FrameworkRead[] = frameworks.status === 'done' ? frameworks.data.filter((f) => f.latest) : [];
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const chosen = Number(framework || latest[0]?.id);
      const made = await startReview(api, schoolId, { framework_id: chosen, title: title.trim(), held_on: held });
      await navigate(`/maturity-reviews/${made.id}`);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  return (
    <form className="card plan-form" aria-labelledby="start-review" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="start-review" className="card__title">
        Start a self-review
      </h2>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="review-framework">
            Framework
          </label>
          <select id="review-framework" className="field__input field__select" value={framework} onChange={(e) => setFramework(e.target.value)}>
            {latest.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
                {f.trust_id === null ? '' : ` (the trust's, v${f.version})`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="review-title">
            Title
          </label>
          <input id="review-title" className="field__input" value={title} onChange={(e) => setTitle(e.target.value)} />
          {errors['/title'] ? <p className="field__error">{errors['/title']}</p> : null}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="review-held">
            Held on
          </label>
          <input id="review-held" className="field__input" type="date" value={held} onChange={(e) => setHeld(e.target.value)} />
        </div>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Start the review
      </button>
    </form>
  );
}
