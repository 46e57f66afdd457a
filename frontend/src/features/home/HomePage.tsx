import { Link, Navigate } from 'react-router';
import type { components } from '../../api/schema';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { flagLabel } from '../tracking/format';
import type { Flag } from '../tracking/types';

type Home = components['schemas']['Home'];
type SchoolHome = Home['schools'][number];

const SUBJECTS: Record<string, string> = { reading: 'Reading', writing: 'Writing', maths: 'Maths', combined: 'Combined' };

/** "+3.2", "−1.0", "no change": a change since the point before. */
export function changeText(change: number | null): string {
  if (change === null) return '';
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}`;
}

/** What needs the signed-in person's attention; trust leaders land on the trust overview. */
export function HomePage() {
  const api = useApi();
  const home = useApiQuery('home', () => api.call((c) => c.GET('/api/v1/me/home')));
  useDocumentTitle('Home');
  if (home.status === 'loading') return <Loading label="Loading your home…" />;
  if (home.status === 'failed') return <ErrorPanel error={home.error} onRetry={home.reload} />;
  const data = home.data;
  if (data.kind === 'trust') return <Navigate to="/trust" replace />;
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
        <SchoolCard key={s.school_id} school={s} />
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

function SchoolCard({ school: s }: { school: SchoolHome }) {
  return (
    <section className="card" aria-labelledby={`home-school-${s.school_id}`}>
      <h2 id={`home-school-${s.school_id}`} className="card__title">
        <Link to={`/schools/${s.school_id}`}>{s.name}</Link>
        {s.category ? (
          <>
            {' '}
            · <Link to={`/schools/${s.school_id}/category`}>category {s.category}</Link>
          </>
        ) : null}
      </h2>
      <table className="table table--compact">
        <caption>% at or above ARE{s.point_name ? ` at ${s.point_name}` : ''}, and the change since the point before</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col" className="numeric">
              Now
            </th>
            <th scope="col" className="numeric">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {s.headline.map((h) => (
            <tr key={h.subject}>
              <th scope="row">
                <Link to={`/schools/${s.school_id}/tracking?subject=${h.subject}`}>{SUBJECTS[h.subject] ?? h.subject}</Link>
              </th>
              <td className="numeric">{h.suppressed ? 'Withheld' : h.value === null ? '—' : `${h.value}%`}</td>
              <td className="numeric">{changeText(h.change)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <Link to={`/schools/${s.school_id}/tracking/flags?flag=concerns`}>
          {s.falling_behind ?? 'Few'} falling behind and {s.stuck ?? 'few'} stuck (pupil and subject)
        </Link>
      </p>
      {s.newly_flagged && s.newly_flagged.length ? (
        <>
          <h3>Newly stuck or falling behind</h3>
          <ul>
            {s.newly_flagged.map((p) => (
              <li key={`${p.pupil_id}-${p.subject}`}>
                <Link to={`/pupils/${p.pupil_id}`}>
                  {p.first_name} {p.last_name}
                </Link>{' '}
                — {p.subject}, {flagLabel(p.flag as Flag).toLowerCase()}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.criteria_at_risk.length ? (
        <>
          <h3>Plan criteria at risk</h3>
          <ul>
            {s.criteria_at_risk.map((c) => (
              <li key={c.criterion_id}>
                <Link to={`/plans/${c.plan_id}`}>{c.description}</Link> ({c.trajectory.replace('_', ' ')})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        {s.next_meeting ? (
          <>
            Next pupil progress meeting:{' '}
            <Link to={`/meetings/${s.next_meeting.meeting_id}`}>
              {s.next_meeting.class_name}, {formatDate(s.next_meeting.held_on, 'short')}
            </Link>
            .{' '}
          </>
        ) : null}
        {s.next_collection ? `Next data collection: ${s.next_collection.name}, ${formatDate(s.next_collection.assessed_on, 'short')}.` : ''}
      </p>
    </section>
  );
}
