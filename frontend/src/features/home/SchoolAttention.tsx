import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { formatDate } from '../pupils/format';
import { flagLabel } from '../tracking/format';
import type { Flag } from '../tracking/types';

export type SchoolHome = components['schemas']['SchoolHome'];

const SUBJECTS: Record<string, string> = { reading: 'Reading', writing: 'Writing', maths: 'Maths', combined: 'Combined' };

/** "+3.2", "−1.0", "no change": a change since the point before. */
export function changeText(change: number | null): string {
  if (change === null) return '';
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}`;
}

const TRAJECTORIES: [string, string][] = [
  ['on_track', 'on track'],
  ['at_risk', 'at risk'],
  ['off_track', 'off track'],
  ['not_known', 'not yet known'],
];

/** "4 criteria: 2 on track, 1 at risk, 1 off track". */
export function progressText(progress: Record<string, number>): string {
  const total = Object.values(progress).reduce((a, b) => a + b, 0);
  if (!total) return 'no success criteria yet';
  const parts = TRAJECTORIES.filter(([key]) => progress[key]).map(([key, words]) => `${progress[key]} ${words}`);
  return `${total} ${total === 1 ? 'criterion' : 'criteria'}: ${parts.join(', ')}`;
}

type Newly = NonNullable<SchoolHome['newly_flagged']>[number];

/** One line per pupil and flag: "maths and reading, falling behind", in the order given. */
export function byPupil(newly: Newly[]): { pupil: Newly; subjects: string; flag: string }[] {
  const lines = new Map<string, { pupil: Newly; subjects: string[]; flag: string }>();
  for (const p of newly) {
    const key = `${p.pupil_id}/${p.flag}`;
    const line = lines.get(key) ?? { pupil: p, subjects: [], flag: p.flag };
    line.subjects.push(p.subject);
    lines.set(key, line);
  }
  return [...lines.values()].map((l) => ({ ...l, subjects: l.subjects.join(' and ') }));
}

/** What needs attention at one school: on a person's home and on the school's own page. Every
 * figure links to the page behind it. */
export function SchoolAttention({ school: s, title }: { school: SchoolHome; title?: string }) {
  return (
    <section className="card" aria-labelledby={`home-school-${s.school_id}`}>
      <h2 id={`home-school-${s.school_id}`} className="card__title">
        {title ?? <Link to={`/schools/${s.school_id}`}>{s.name}</Link>}
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
            {byPupil(s.newly_flagged).map(({ pupil: p, subjects, flag }) => (
              <li key={`${p.pupil_id}-${flag}`}>
                <Link to={`/pupils/${p.pupil_id}`}>
                  {p.first_name} {p.last_name}
                </Link>{' '}
                — {subjects}, {flagLabel(flag as Flag).toLowerCase()}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.plan_id ? (
        <p>
          <Link to={`/plans/${s.plan_id}`}>{s.plan_title}</Link>: {progressText(s.plan_progress)}
        </p>
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
