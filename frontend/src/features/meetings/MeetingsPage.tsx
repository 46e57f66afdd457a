import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { allPages, PAGE_SIZE } from '../../lib/allPages';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { byYoungestYear } from '../schools/format';
import { KINDS, loadMeetings, openMeeting, type MeetingCreate } from './meetingsApi';

/** A school's pupil progress meetings, and opening one for a class. */
export function MeetingsPage() {
  const api = useApi();
  const schoolId = Number(useParams().schoolId);
  const meetings = useApiQuery(`meetings/${schoolId}`, () => loadMeetings(api, schoolId));
  useDocumentTitle('Pupil progress meetings');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${schoolId}`}>School</Link>
          </li>
          <li aria-current="page">Pupil progress meetings</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Pupil progress meetings</h1>
        <p className="page-header__lead">The tracker sets the agenda; each meeting follows up the last one’s actions.</p>
      </header>
      {meetings.status === 'loading' ? <Loading label="Loading the meetings…" /> : null}
      {meetings.status === 'failed' ? <ErrorPanel error={meetings.error} onRetry={meetings.reload} /> : null}
      {meetings.status === 'done' ? (
        meetings.data.length === 0 ? (
          <p className="panel">No meetings yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Meetings, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Held</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Point</th>
                </tr>
              </thead>
              <tbody>
                {meetings.data.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={`/meetings/${m.id}`}>{m.class_name}</Link>
                    </th>
                    <td>{formatDate(m.held_on, 'short')}</td>
                    <td>{KINDS[m.kind]}</td>
                    <td>
                      {m.point.name} {m.point.academic_year}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <OpenMeeting schoolId={schoolId} />
    </>
  );
}

function OpenMeeting({ schoolId }: { schoolId: number }) {
  const api = useApi();
  const navigate = useNavigate();
  const classes = useApiQuery(`meetings/classes/${schoolId}`, async () =>
    (
      await allPages((cursor) =>
        api.call((c) =>
          c.GET('/api/v1/schools/{school_id}/classes', { params: { path: { school_id: schoolId }, query: { limit: PAGE_SIZE, cursor } } }),
        ),
      )
    ).sort(byYoungestYear),
  );
  const [classId, setClassId] = useState('');
  const [kind, setKind] = useState<MeetingCreate['kind']>('class_teacher');
  const [held, setHeld] = useState(new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const made = await openMeeting(api, Number(classId), { kind, held_on: held });
      await navigate(`/meetings/${made.id}`);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  if (classes.status !== 'done') return null;
  const current = classes.data.filter((c) => c.academic_year === classes.data[0]?.academic_year);
  return (
    <form className="card plan-form" aria-labelledby="open-meeting" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="open-meeting" className="card__title">
        Open a meeting
      </h2>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="meeting-class">
            Class
          </label>
          <select id="meeting-class" className="field__input field__select" value={classId} onChange={(e) => setClassId(e.target.value)}>
            <option value="">Choose a class</option>
            {current.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="meeting-kind">
            Kind
          </label>
          <select id="meeting-kind" className="field__input field__select" value={kind} onChange={(e) => setKind(e.target.value as MeetingCreate['kind'])}>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="meeting-held">
            Held on
          </label>
          <input id="meeting-held" className="field__input" type="date" value={held} onChange={(e) => setHeld(e.target.value)} />
          {errors['/held_on'] ? <p className="field__error">{errors['/held_on']}</p> : null}
        </div>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={!classId}>
        Open the meeting
      </button>
    </form>
  );
}
