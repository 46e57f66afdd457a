import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { byDay, monthWeeks, shiftMonth } from './calendar';
import { loadPeople, type PersonRead } from '../people/peopleApi';
import { exportSchedule, loadTrustSchedule, moveActivity, ownerOf, recordDone, stateText, type QaActivity } from './qaApi';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The trust's quality-assurance schedule: every school's activities (or one's own, or one
 * owner's), as a list or a calendar, overdue ones standing out, recorded done with their
 * reports, and exported to people's calendars. */
export function SchedulePage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const [mine, setMine] = useState(false);
  const [owner, setOwner] = useState('');
  const [view, setView] = useState<'list' | 'calendar'>('list');
  const list = useApiQuery(`qa/trust/${trustId}/${mine}`, () => loadTrustSchedule(api, trustId, mine));
  // Whom an activity can be handed to: the trust's people (none offered if one may not list them).
  const people = useApiQuery(`qa/people/${trustId}`, () => loadPeople(api, { trust_id: trustId }).catch(() => [] as PersonRead[]));
  useDocumentTitle('Quality-assurance schedule');
  const owners = list.status === 'done' ? [...new Set(list.data.map(ownerOf))].sort() : [];
  const shown = list.status === 'done' ? list.data.filter((a) => !owner || ownerOf(a) === owner) : [];
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">Quality-assurance schedule</h1>
        <p className="page-header__lead">Each school's activities, as often as its category asks.</p>
      </header>
      <div className="plan-toolbar">
        <label>
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Only mine
        </label>
        <label>
          Owner{' '}
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Everyone</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <div role="group" aria-label="View">
          <button type="button" className="button button--link" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            List
          </button>
          <button type="button" className="button button--link" aria-pressed={view === 'calendar'} onClick={() => setView('calendar')}>
            Calendar
          </button>
        </div>
        <button type="button" className="button button--link" onClick={() => void exportSchedule(api, trustId, 'csv', mine).then((t) => saveTextFile('qa-schedule.csv', t))}>
          Download (CSV)
        </button>
        <button
          type="button"
          className="button button--link"
          onClick={() => void exportSchedule(api, trustId, 'ics', mine).then((t) => saveTextFile('qa-schedule.ics', t, 'text/calendar'))}
        >
          Add to a calendar (iCalendar)
        </button>
      </div>
      {list.status === 'loading' ? <Loading label="Loading the schedule…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      <p>
        <Link to={`/trusts/${trustId}/oversight-setup`}>Activity types, cadences and category wording</Link>
      </p>
      {list.status === 'done' && view === 'calendar' ? <ScheduleCalendar activities={shown} /> : null}
      {list.status === 'done' && view === 'list' ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Activities, soonest first</caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">School</th>
                <th scope="col">Activity</th>
                <th scope="col">Owner</th>
                <th scope="col">Report to</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <Row key={`${a.id}-${a.version}`} activity={a} people={people.status === 'done' ? people.data : []} onSaved={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** A month at a time, each activity on its due day, linked to its school. */
function ScheduleCalendar({ activities }: { activities: QaActivity[] }) {
  const soonest = activities.find((a) => a.state === 'scheduled')?.due_on ?? new Date().toISOString().slice(0, 10);
  const [shown, setShown] = useState({ year: Number(soonest.slice(0, 4)), month: Number(soonest.slice(5, 7)) - 1 });
  const days = byDay(activities, (a) => a.due_on);
  const title = new Date(Date.UTC(shown.year, shown.month, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (
    <section aria-label="Calendar">
      <div className="plan-toolbar">
        <button type="button" className="button button--link" onClick={() => setShown(shiftMonth(shown.year, shown.month, -1))}>
          ← Previous month
        </button>
        <h2 className="qa-calendar__title">{title}</h2>
        <button type="button" className="button button--link" onClick={() => setShown(shiftMonth(shown.year, shown.month, 1))}>
          Next month →
        </button>
      </div>
      <table className="qa-calendar">
        <caption className="visually-hidden">Activities in {title}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(shown.year, shown.month).map((week) => (
            <tr key={week[0]?.iso}>
              {week.map((d) => (
                <td key={d.iso} className={d.inMonth ? undefined : 'qa-calendar__outside'}>
                  <span className="qa-calendar__day">{d.day}</span>
                  {(d.inMonth ? (days.get(d.iso) ?? []) : []).map((a) => (
                    <Link key={a.id} to={`/schools/${a.school_id}/category`} className={`qa-calendar__item${a.overdue ? ' qa-calendar__item--overdue' : ''}`}>
                      {a.name}: {a.school_name}
                      {a.state === 'done' ? ' (done)' : a.overdue ? ' (overdue)' : ''}
                    </Link>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Row({ activity: a, people, onSaved }: { activity: QaActivity; people: PersonRead[]; onSaved: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [moving, setMoving] = useState(false);
  const [report, setReport] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function done() {
    setProblem(null);
    try {
      await recordDone(api, a, report, new Date().toISOString().slice(0, 10));
      onSaved();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <tr className={a.overdue ? 'qa-row--overdue' : undefined}>
      <td>{formatDate(a.due_on, 'short')}</td>
      <th scope="row">
        <Link to={`/schools/${a.school_id}/category`}>{a.school_name}</Link>
      </th>
      <td>
        {a.name}
        {a.kept && a.change_reason ? <span className="table__sub">Moved: {a.change_reason}</span> : null}
      </td>
      <td>
        {ownerOf(a)}
        {a.state === 'scheduled' ? (
          moving ? (
            <MoveForm activity={a} people={people} onSaved={onSaved} />
          ) : (
            <button type="button" className="button button--link" onClick={() => setMoving(true)}>
              Move or reassign<span className="visually-hidden"> {a.name} at {a.school_name}</span>
            </button>
          )
        ) : null}
      </td>
      <td>{a.audience}</td>
      <td>
        <strong>{stateText(a, (d) => formatDate(d, 'short'))}</strong>
        {a.report ? <span className="table__sub">{a.report}</span> : null}
        {a.state === 'scheduled' ? (
          open ? (
            <div role="group" aria-label={`Record ${a.name} at ${a.school_name} done`}>
              <label className="field__label" htmlFor={`qa-report-${a.id}`}>
                Report
              </label>
              <textarea id={`qa-report-${a.id}`} className="field__input" value={report} onChange={(e) => setReport(e.target.value)} />
              <button type="button" className="button button--secondary" onClick={() => void done()}>
                Record it done
              </button>
              {problem ? (
                <p className="field__error" role="alert">
                  {problem}
                </p>
              ) : null}
            </div>
          ) : (
            <button type="button" className="button button--link" onClick={() => setOpen(true)}>
              Record done<span className="visually-hidden"> {a.name} at {a.school_name}</span>
            </button>
          )
        ) : null}
      </td>
    </tr>
  );
}

function MoveForm({ activity: a, people, onSaved }: { activity: QaActivity; people: PersonRead[]; onSaved: () => void }) {
  const api = useApi();
  const [due, setDue] = useState(a.due_on);
  const [owner, setOwner] = useState(a.owner_user_id ? String(a.owner_user_id) : '');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function save() {
    setProblem(null);
    try {
      // A blank reason is left out, so the server says what is missing.
      const change: { due_on?: string; owner_user_id?: number | null; reason?: string } = reason.trim() ? { reason } : {};
      if (due !== a.due_on) change.due_on = due;
      if (owner !== (a.owner_user_id ? String(a.owner_user_id) : '')) change.owner_user_id = owner ? Number(owner) : null;
      await moveActivity(api, a, change);
      onSaved();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <div role="group" aria-label={`Move or reassign ${a.name} at ${a.school_name}`}>
      <label className="field__label" htmlFor={`qa-due-${a.id}`}>
        Due
      </label>
      <input id={`qa-due-${a.id}`} type="date" className="field__input" value={due} onChange={(e) => setDue(e.target.value)} />
      {people.length ? (
        <>
          <label className="field__label" htmlFor={`qa-owner-${a.id}`}>
            Owner
          </label>
          <select id={`qa-owner-${a.id}`} value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{(a.owner_role ?? 'the owning role').replaceAll('_', ' ')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.full_name || p.email}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <label className="field__label" htmlFor={`qa-reason-${a.id}`}>
        Why
      </label>
      <input id={`qa-reason-${a.id}`} className="field__input" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="button" className="button button--secondary" onClick={() => void save()}>
        Save the change
      </button>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
