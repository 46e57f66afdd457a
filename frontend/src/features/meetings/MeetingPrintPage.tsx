import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { roleName, type Role } from '../people/people';
import { formatDate } from '../pupils/format';
import { CATEGORIES, KINDS, loadMeeting, OUTCOMES, pupilNames, type MeetingAction, type MeetingRead } from './meetingsApi';

const MAX_ID = 2_147_483_647;

/** The record of a pupil progress meeting, to print and file: who was discussed and what was
 * said, the actions agreed, and what came of the earlier ones. For the school's staff only, as
 * the meeting itself is. */
export function MeetingPrintPage() {
  const api = useApi();
  const raw = useParams().meetingId;
  const meetingId = raw && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null;
  const meeting = useApiQuery(`meeting/print/${meetingId}`, () =>
    meetingId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadMeeting(api, meetingId),
  );
  useDocumentTitle(meeting.status === 'done' ? `Meeting record: ${meeting.data.class_name}` : 'Meeting record');
  if (meeting.status === 'loading') return <Loading label="Loading the meeting…" />;
  if (meeting.status === 'failed') return <ErrorPanel error={meeting.error} onRetry={meeting.reload} />;
  return <Record meeting={meeting.data} />;
}

function owner(a: MeetingAction): string {
  return a.owner_name ?? (a.owner_role ? roleName(a.owner_role as Role) : '—');
}

function Record({ meeting }: { meeting: MeetingRead }) {
  const names = pupilNames(meeting);
  const name = (id: number) => names.get(id) ?? `Pupil ${id}`;
  const categories = new Map(meeting.agenda.map((p) => [p.pupil_id, p.category]));
  return (
    <article className="governor-report">
      <div className="no-print plan-toolbar">
        <Link to={`/meetings/${meeting.id}`}>Back to the meeting</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <header className="page-header">
        <p className="governor-report__kind">Pupil progress meeting — record (confidential: school staff only)</p>
        <h1 className="page-header__title">{meeting.class_name}</h1>
        <p className="page-header__lead">
          {KINDS[meeting.kind]} · {formatDate(meeting.held_on)} · data: {meeting.point.name} {meeting.point.academic_year}
        </p>
        {meeting.attendees ? <p>Present: {meeting.attendees}</p> : null}
      </header>
      <section aria-labelledby="record-discussed">
        <h2 id="record-discussed">Pupils discussed</h2>
        {meeting.discussed.length === 0 ? <p>None.</p> : null}
        <table className="table governor-report__table">
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Where on the agenda</th>
              <th scope="col">What made the difference</th>
              <th scope="col">Likely barriers</th>
              <th scope="col">Pupil voice</th>
            </tr>
          </thead>
          <tbody>
            {meeting.discussed.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {name(d.pupil_id)}
                  {d.guest ? ' (guest)' : ''}
                </th>
                <td>{CATEGORIES[categories.get(d.pupil_id) ?? d.category]}</td>
                <td>{d.what_helped ?? ''}</td>
                <td>{d.barriers ?? ''}</td>
                <td>{d.pupil_voice ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="record-actions">
        <h2 id="record-actions">Actions agreed</h2>
        {meeting.actions.length === 0 ? <p>None.</p> : null}
        <table className="table governor-report__table">
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Action</th>
              <th scope="col">Whose</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {meeting.actions.map((a) => (
              <tr key={a.id}>
                <th scope="row">{name(a.pupil_id)}</th>
                <td>{a.description}</td>
                <td>{owner(a)}</td>
                <td>{formatDate(a.due_on, 'short')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {meeting.follow_up.length ? (
        <section aria-labelledby="record-follow-up">
          <h2 id="record-follow-up">Earlier actions followed up</h2>
          <table className="table governor-report__table">
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Action (agreed)</th>
                <th scope="col">Data then → now</th>
                <th scope="col">What came of it</th>
              </tr>
            </thead>
            <tbody>
              {meeting.follow_up.map((f) => (
                <tr key={f.action.id}>
                  <th scope="row">{name(f.action.pupil_id)}</th>
                  <td>
                    {f.action.description} ({formatDate(f.agreed_on, 'short')})
                  </td>
                  <td>
                    {f.steps
                      .filter((s) => s.then || s.now)
                      .map((s) => `${s.subject} ${s.then ?? '—'} → ${s.now ?? '—'}`)
                      .join('; ')}
                  </td>
                  <td>{f.action.outcome ? OUTCOMES[f.action.outcome] : 'Not followed up yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {meeting.notes ? (
        <section aria-labelledby="record-notes">
          <h2 id="record-notes">Notes</h2>
          <p>{meeting.notes}</p>
        </section>
      ) : null}
    </article>
  );
}
