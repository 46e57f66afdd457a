import { Link } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { byUrgency, STATUSES } from './format';
import { loadMyActions } from './plansApi';

/** The actions the signed-in person leads, across their schools' plans; overdue first. */
export function MyActionsPage() {
  const api = useApi();
  const actions = useApiQuery('plans/mine', () => loadMyActions(api));
  const fromMeetings = useApiQuery('meetings/mine', () => api.call((c) => c.GET('/api/v1/me/meeting-actions')));
  const challenges = useApiQuery('maturity/challenges', () => api.call((c) => c.GET('/api/v1/me/maturity-challenges')));
  useDocumentTitle('My actions');
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">My actions</h1>
        <p className="page-header__lead">What you lead in your school’s plans, by name or by your role.</p>
      </header>
      {actions.status === 'loading' ? <Loading label="Loading your actions…" /> : null}
      {actions.status === 'failed' ? <ErrorPanel error={actions.error} onRetry={actions.reload} /> : null}
      {actions.status === 'done' ? (
        actions.data.length === 0 ? (
          <p className="panel">No actions to lead right now.</p>
        ) : (
          <div className="table-wrap">
            <table className="table plan-actions">
              <caption className="visually-hidden">Your actions, overdue first</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {byUrgency(actions.data).map((a) => (
                  <tr key={a.id} className={a.overdue ? 'plan-actions__overdue' : undefined}>
                    <th scope="row">{a.description}</th>
                    <td>
                      <Link to={`/plans/${a.plan_id}`}>{a.plan_title}</Link>
                      <span className="plan-now__note">{a.school_name}</span>
                    </td>
                    <td>
                      {formatDate(a.due_on, 'short')}
                      {a.overdue ? <span className="tag tag--warning">Overdue</span> : null}
                    </td>
                    <td>{STATUSES[a.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {challenges.status === 'done' && challenges.data.some((r) => r.state === 'submitted') ? (
        <section className="card" aria-labelledby="challenges-mine">
          <h2 id="challenges-mine" className="card__title">
            Peer reviews to challenge
          </h2>
          <ul>
            {challenges.data
              .filter((r) => r.state === 'submitted')
              .map((r) => (
                <li key={r.id}>
                  <Link to={`/maturity-reviews/${r.id}`}>
                    {r.school_name}: {r.title}
                  </Link>{' '}
                  ({r.framework_name}, {formatDate(r.held_on, 'short')})
                </li>
              ))}
          </ul>
        </section>
      ) : null}
      {fromMeetings.status === 'done' && fromMeetings.data.length ? (
        <section className="card" aria-labelledby="meeting-actions-mine">
          <h2 id="meeting-actions-mine" className="card__title">
            From pupil progress meetings
          </h2>
          <ul>
            {fromMeetings.data.map((a) => (
              <li key={a.id}>
                <strong>
                  {a.first_name} {a.last_name}
                </strong>
                : {a.description} — <Link to={`/meetings/${a.meeting_id}`}>{a.class_name}</Link>, by {formatDate(a.due_on, 'short')}
                {a.overdue ? <span className="tag tag--warning">Overdue</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
