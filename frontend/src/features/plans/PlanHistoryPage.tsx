import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { planIdFrom } from './PlanPage';
import { loadHistory, type AuditEventRead } from './plansApi';

const WHAT: Record<string, string> = {
  plans: 'the plan',
  plan_priorities: 'a priority',
  plan_actions: 'an action',
  plan_criteria: 'a success criterion',
  plan_reviews: 'the review',
  plan_reviewed_criteria: 'a criterion’s review',
};
const DID: Record<string, string> = { create: 'added', update: 'changed', delete: 'removed' };

/** "status: on_track → done; status_reason: … " */
export function changes(event: Pick<AuditEventRead, 'before' | 'after' | 'action'>): string {
  if (event.action !== 'update' || !event.after) return '';
  return Object.keys(event.after)
    .map((key) => `${key.replace(/_/g, ' ')}: ${String(event.before?.[key] ?? '—')} → ${String(event.after?.[key] ?? '—')}`)
    .join('; ');
}

/** Every change to a plan and its parts, newest first, with who made it. */
export function PlanHistoryPage() {
  const api = useApi();
  const planId = planIdFrom(useParams().planId);
  const history = useApiQuery(`plan/history/${planId}`, () =>
    planId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadHistory(api, planId),
  );
  useDocumentTitle('Plan history');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/plans/${planId}`}>Plan</Link>
          </li>
          <li aria-current="page">History</li>
        </ol>
      </nav>
      <h1 className="page-header__title">History</h1>
      {history.status === 'loading' ? <Loading label="Loading the history…" /> : null}
      {history.status === 'failed' ? <ErrorPanel error={history.error} onRetry={history.reload} /> : null}
      {history.status === 'done' ? (
        <ol className="plan-history">
          {history.data.map((e) => (
            <li key={e.id}>
              <strong>{formatDateTime(e.occurred_at)}</strong> — {e.actor_label} {DID[e.action] ?? e.action} {WHAT[e.entity_type] ?? e.entity_type}
              {changes(e) ? <span className="plan-now__note">{changes(e)}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
