import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { exportSchedule, loadTrustSchedule, recordDone, stateText, type QaActivity } from './qaApi';

/** The trust's quality-assurance schedule: every school's activities (or one's own), overdue
 * ones standing out, recorded done with their reports, and exported to people's calendars. */
export function SchedulePage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const [mine, setMine] = useState(false);
  const list = useApiQuery(`qa/trust/${trustId}/${mine}`, () => loadTrustSchedule(api, trustId, mine));
  useDocumentTitle('Quality-assurance schedule');
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
      {list.status === 'done' ? (
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
              {list.data.map((a) => (
                <Row key={`${a.id}-${a.version}`} activity={a} onSaved={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function Row({ activity: a, onSaved }: { activity: QaActivity; onSaved: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
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
      <td>{a.owner_name ?? (a.owner_role ?? '').replace('_', ' ')}</td>
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
