import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { byUrgency, cohortText, figure, PHASES, RAGS, stateLabel, STATUSES, termLabel, THEMES, TRAJECTORIES } from './format';
import { planIdFrom } from './PlanPage';
import { loadPlan, type PlanRead } from './plansApi';

/** The plan and its review as governors receive it: printable, with the figures the reader may
 * see (small groups withheld for governors). */
export function PlanPrintPage() {
  const api = useApi();
  const planId = planIdFrom(useParams().planId);
  const query = useApiQuery(`plan/print/${planId}`, () =>
    planId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadPlan(api, planId),
  );
  const plan = query.status === 'done' ? query.data.value : null;
  useDocumentTitle(plan ? `${plan.title} – governor report` : 'Governor report');
  if (query.status === 'loading') return <Loading label="Loading the plan…" />;
  if (query.status === 'failed') return <ErrorPanel error={query.error} onRetry={query.reload} />;
  return <Report plan={plan!} />;
}

function Report({ plan }: { plan: PlanRead }) {
  const review = plan.review;
  const judged = new Map((review?.criteria ?? []).map((r) => [r.criterion_id, r]));
  return (
    <article className="governor-report">
      <div className="no-print plan-toolbar">
        <Link to={`/plans/${plan.id}`}>Back to the plan</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <header className="page-header">
        <p className="governor-report__kind">Raising attainment plan — report to governors</p>
        <h1 className="page-header__title">{plan.title}</h1>
        <p className="page-header__lead">
          {termLabel(plan.term, plan.academic_year)} · {stateLabel(plan.state)}
          {plan.owner_name ? ` · owned by ${plan.owner_name}` : ''}
        </p>
        {plan.suppression_threshold ? (
          <p className="muted">Figures over fewer than {plan.suppression_threshold} pupils are withheld.</p>
        ) : null}
      </header>
      <section aria-labelledby="report-criteria">
        <h2 id="report-criteria">Success criteria</h2>
        <table className="table governor-report__table">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Cohort</th>
              <th scope="col" className="numeric">
                Baseline
              </th>
              <th scope="col" className="numeric">
                Target
              </th>
              <th scope="col" className="numeric">
                {review?.signed_off_at ? 'At the review' : 'Now'}
              </th>
              <th scope="col">{review?.signed_off_at ? 'RAG' : 'Trajectory'}</th>
            </tr>
          </thead>
          <tbody>
            {plan.criteria.map((c) => {
              const r = judged.get(c.id);
              const value = c.suppressed ? 'Withheld' : c.measure ? figure(c.current_value, c.unit, c.measure) : (c.manual_value ?? '—');
              return (
                <tr key={c.id}>
                  <th scope="row">{c.description}</th>
                  <td>{c.measure ? cohortText(c) : 'Judged by the school'}</td>
                  <td className="numeric">{c.measure ? figure(c.baseline, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">{c.measure ? figure(c.target, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">{value}</td>
                  <td>
                    {review?.signed_off_at
                      ? r?.rag
                        ? `${RAGS[r.rag]}${r.rag_reason ? ` — ${r.rag_reason}` : ''}`
                        : '—'
                      : c.measure
                        ? TRAJECTORIES[c.trajectory]
                        : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="report-priorities">
        <h2 id="report-priorities">Priorities and actions</h2>
        {plan.priorities.map((p) => (
          <div key={p.id} className="governor-report__priority">
            <h3>
              {p.ordinal}. {p.title}
            </h3>
            <p className="muted">
              {THEMES[p.theme]} · {PHASES[p.phase]}
            </p>
            <ul>
              {byUrgency(plan.actions.filter((a) => a.priority_id === p.id)).map((a) => (
                <li key={a.id}>
                  {a.description} — {a.lead_name ?? a.lead_role?.replace('_', ' ') ?? 'no lead'}, due {formatDate(a.due_on, 'short')}:{' '}
                  {STATUSES[a.status]}
                  {a.overdue ? ' (overdue)' : ''}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      {review ? (
        <section aria-labelledby="report-review">
          <h2 id="report-review">The review</h2>
          <dl className="details">
            {(
              [
                ['Successes', review.successes],
                ['Barriers', review.barriers],
                ['Next steps', review.next_steps],
                ['Evidence', review.evidence],
                ['Attendees', review.attendees],
              ] as const
            ).map(([label, text]) =>
              text ? (
                <div className="details__row" key={label}>
                  <dt>{label}</dt>
                  <dd>{text}</dd>
                </div>
              ) : null,
            )}
          </dl>
          {review.signed_off_at ? (
            <p>
              Signed off by {review.signed_off_by} on {formatDate(review.signed_off_at.slice(0, 10))}.
            </p>
          ) : (
            <p>Not yet signed off.</p>
          )}
        </section>
      ) : null}
    </article>
  );
}
