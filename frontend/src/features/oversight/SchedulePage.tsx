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
import { loadSchools } from '../schools/schoolsApi';
import { loadTypes } from './setupApi';
import { addActivity, exportSchedule, loadTrustSchedule, moveActivity, ownerOf, recordDone, stateText, type QaActivity } from './qaApi';

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
      <AddActivity trustId={trustId} onAdded={list.reload} />
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
        {a.kept && a.change_reason ? (
          <span className="table__sub">
            {a.category ? 'Moved' : 'Added'}: {a.change_reason}
          </span>
        ) : null}
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

/** One activity added by hand to a school's schedule, outside its category's cadence. */
function AddActivity({ trustId, onAdded }: { trustId: number; onAdded: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const choices = useApiQuery(`qa/add/${trustId}/${open}`, async () =>
    open ? { schools: (await loadSchools(api, '')).schools.filter((s) => s.trust_id === trustId), types: await loadTypes(api, trustId) } : null,
  );
  const [form, setForm] = useState({ school: '', kind: '', due: '', reason: '' });
  const [problem, setProblem] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        Add an activity
      </button>
    );
  if (choices.status !== 'done' || !choices.data) return <Loading label="Loading the schools and activity types…" />;
  const { schools, types } = choices.data;
  async function add() {
    setProblem(null);
    try {
      await addActivity(api, Number(form.school || schools[0]?.id), { kind: form.kind || (types[0]?.key ?? ''), due_on: form.due, reason: form.reason });
      setOpen(false);
      onAdded();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <form className="card" aria-label="Add an activity" onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="qa-add-school">
            School
          </label>
          <select id="qa-add-school" value={form.school} onChange={(e) => setForm({ ...form, school: e.target.value })}>
            {schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="qa-add-kind">
            Activity
          </label>
          <select id="qa-add-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {types.map((t) => (
              <option key={t.key} value={t.key}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="qa-add-due">
            Due
          </label>
          <input id="qa-add-due" type="date" className="field__input" value={form.due} onChange={(e) => setForm({ ...form, due: e.target.value })} />
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="qa-add-reason">
          Why it is added
        </label>
        <input id="qa-add-reason" className="field__input" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      </div>
      <button type="submit" className="button button--secondary">
        Add it to the schedule
      </button>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
