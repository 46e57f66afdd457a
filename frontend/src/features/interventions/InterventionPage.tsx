import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { differenceText, loadImpact, loadIntervention, type ImpactRead } from './interventionsApi';

/** An intervention and its impact: each pupil against the progress expected, and the group
 * against similar pupils not in it, or why that cannot be said yet. */
export function InterventionPage() {
  const api = useApi();
  const raw = useParams().interventionId;
  const id = raw && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
  const found = useApiQuery(`intervention/${id}`, () =>
    id === null ? Promise.reject(new ApiError('notFound', 404, null)) : Promise.all([loadIntervention(api, id), loadImpact(api, id)]),
  );
  useDocumentTitle(found.status === 'done' ? found.data[0].name : 'Intervention');
  if (found.status === 'loading') return <Loading label="Loading the intervention…" />;
  if (found.status === 'failed') return <ErrorPanel error={found.error} onRetry={found.reload} />;
  const [intervention, impact] = found.data;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${intervention.school_id}/interventions`}>Interventions</Link>
          </li>
          <li aria-current="page">{intervention.name}</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">{intervention.name}</h1>
        <p className="page-header__lead">
          {intervention.subject} · {formatDate(intervention.starts_on, 'short')} to {formatDate(intervention.ends_on, 'short')} ·{' '}
          {intervention.sessions_per_week} × {intervention.minutes_per_session} minutes a week
          {intervention.cost !== null ? ` · £${intervention.cost}` : ''}
        </p>
      </header>
      <Impact impact={impact} />
    </>
  );
}

function Impact({ impact }: { impact: ImpactRead }) {
  const difference = differenceText(impact);
  return (
    <section className="card" aria-labelledby="impact">
      <h2 id="impact" className="card__title">
        Impact
      </h2>
      {!impact.measurable ? (
        <p className="notice notice--info">{impact.reason}</p>
      ) : (
        <>
          <dl className="details details--compact">
            <div className="details__row">
              <dt>Mean gain</dt>
              <dd>
                {impact.group_mean_gain} steps (expected {impact.expected_mean_gain})
              </dd>
            </div>
            <div className="details__row">
              <dt>Against similar pupils</dt>
              <dd>
                {difference ?? impact.comparison_note}
                {impact.comparison_mean_gain !== null ? ` — ${impact.comparison_size} similar pupils gained ${impact.comparison_mean_gain}` : ''}
              </dd>
            </div>
            <div className="details__row">
              <dt>Beyond expected</dt>
              <dd>
                {impact.extra_steps} steps over {impact.adult_hours} adult hours
                {impact.steps_per_hour !== null ? ` (${impact.steps_per_hour} a hour` : ''}
                {impact.steps_per_100_pounds !== null ? `, ${impact.steps_per_100_pounds} per £100)` : impact.steps_per_hour !== null ? ')' : ''}
              </dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">Each pupil's progress against what was expected</caption>
              <thead>
                <tr>
                  <th scope="col">Pupil</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col" className="numeric">
                    Gain
                  </th>
                  <th scope="col" className="numeric">
                    Expected
                  </th>
                </tr>
              </thead>
              <tbody>
                {(impact.pupils ?? []).map((p) => (
                  <tr key={p.pupil_id}>
                    <th scope="row">
                      <Link to={`/pupils/${p.pupil_id}`}>
                        {p.first_name} {p.last_name}
                      </Link>
                    </th>
                    <td>{p.step_start ?? '—'}</td>
                    <td>{p.step_end ?? '—'}</td>
                    <td className="numeric">{p.gain}</td>
                    <td className="numeric">{p.expected_gain ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="muted">Rule {impact.rule}: see the README, “Interventions”.</p>
    </section>
  );
}
