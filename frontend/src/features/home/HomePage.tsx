import { Link, Navigate } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { SchoolAttention } from './SchoolAttention';

/** What needs the signed-in person's attention; trust leaders land on the trust dashboard. */
export function HomePage() {
  const api = useApi();
  const home = useApiQuery('home', () => api.call((c) => c.GET('/api/v1/me/home')));
  useDocumentTitle('Home');
  if (home.status === 'loading') return <Loading label="Loading your home…" />;
  if (home.status === 'failed') return <ErrorPanel error={home.error} onRetry={home.reload} />;
  const data = home.data;
  if (data.kind === 'trust' && data.trust_ids[0]) return <Navigate to={`/trusts/${data.trust_ids[0]}/dashboard`} replace />;
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">What needs your attention</h1>
      </header>
      {data.mine.plan_actions || data.mine.meeting_actions ? (
        <section className="card" aria-labelledby="home-mine">
          <h2 id="home-mine" className="card__title">
            Your actions
          </h2>
          <p>
            <Link to="/my-actions">
              {data.mine.plan_actions} from plans ({data.mine.plan_actions_overdue} overdue) · {data.mine.meeting_actions} from pupil
              progress meetings ({data.mine.meeting_actions_overdue} overdue)
            </Link>
          </p>
        </section>
      ) : null}
      {data.schools.map((s) => (
        <SchoolAttention key={s.school_id} school={s} />
      ))}
      {data.classes.length ? (
        <section className="card" aria-labelledby="home-classes">
          <h2 id="home-classes" className="card__title">
            Your classes
          </h2>
          <ul>
            {data.classes.map((c) => (
              <li key={c.class_id}>
                <Link to={`/schools/${c.school_id}/classes/${c.class_id}/tracking`}>{c.name}</Link>: {c.falling_behind} falling behind, {c.stuck} stuck (pupil and
                subject)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!data.schools.length && !data.classes.length ? (
        <p className="panel">
          Nothing here yet. <Link to="/schools">Your schools</Link>
        </p>
      ) : null}
    </>
  );
}
