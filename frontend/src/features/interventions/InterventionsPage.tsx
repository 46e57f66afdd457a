import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { loadInterventions, startIntervention, startingFrom, type InterventionWrite } from './interventionsApi';

/** A school's interventions (its provision map), and starting one for pupils chosen elsewhere:
 * a meeting's action, a flag list. */
export function InterventionsPage() {
  const api = useApi();
  const schoolId = Number(useParams().schoolId);
  const [params] = useSearchParams();
  const from = startingFrom(params);
  const list = useApiQuery(`interventions/${schoolId}`, () => loadInterventions(api, schoolId));
  useDocumentTitle('Interventions');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${schoolId}`}>School</Link>
          </li>
          <li aria-current="page">Interventions</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Interventions</h1>
        <p className="page-header__lead">Who is in what, for how long and at what cost; open one for its impact.</p>
      </header>
      {from.pupilIds.length ? <StartForm schoolId={schoolId} from={from} /> : null}
      {list.status === 'loading' ? <Loading label="Loading the interventions…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'done' ? (
        list.data.length === 0 ? (
          <p className="panel">No interventions yet. Start one from an action agreed at a pupil progress meeting.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Interventions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Intervention</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Dates</th>
                  <th scope="col" className="numeric">
                    Pupils
                  </th>
                  <th scope="col" className="numeric">
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <Link to={`/interventions/${i.id}`}>{i.name}</Link>
                    </th>
                    <td>{i.subject}</td>
                    <td>
                      {formatDate(i.starts_on, 'short')} to {formatDate(i.ends_on, 'short')}
                    </td>
                    <td className="numeric">{i.pupil_ids.length}</td>
                    <td className="numeric">{i.cost !== null ? `£${i.cost}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}

function StartForm({ schoolId, from }: { schoolId: number; from: ReturnType<typeof startingFrom> }) {
  const api = useApi();
  const navigate = useNavigate();
  const today = new Date().toISOString().slice(0, 10);
  const [form, setForm] = useState({
    name: from.name || 'Small-group support',
    wave: (from.pupilIds.length === 1 ? 'individual' : 'group') as InterventionWrite['wave'],
    starts: today,
    ends: '',
    sessions: '3',
    minutes: '30',
    cost: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const made = await startIntervention(api, schoolId, {
        name: form.name.trim(),
        wave: form.wave,
        subject: from.subject,
        trigger: 'attainment',
        starts_on: form.starts,
        ends_on: form.ends,
        sessions_per_week: Number(form.sessions),
        minutes_per_session: Number(form.minutes),
        cost: form.cost === '' ? null : Number(form.cost),
        pupil_ids: from.pupilIds,
        meeting_action_id: from.actionId,
      });
      await navigate(`/interventions/${made.id}`);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const field = (key: keyof typeof form, label: string, pointer: string, type = 'text') => (
    <div className="field">
      <label className="field__label" htmlFor={`intervention-${key}`}>
        {label}
      </label>
      <input id={`intervention-${key}`} className="field__input" type={type} value={form[key]} onChange={set(key)} />
      {errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null}
    </div>
  );
  return (
    <form className="card plan-form" aria-labelledby="start-intervention" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="start-intervention" className="card__title">
        Start an intervention for {from.pupilIds.length} {from.pupilIds.length === 1 ? 'pupil' : 'pupils'} in {from.subject}
      </h2>
      {field('name', 'Name', '/name')}
      <div className="form-row">
        {field('starts', 'Starts', '/starts_on', 'date')}
        {field('ends', 'Ends', '/ends_on', 'date')}
        {field('sessions', 'Sessions a week', '/sessions_per_week', 'number')}
        {field('minutes', 'Minutes a session', '/minutes_per_session', 'number')}
        {field('cost', 'Cost (£)', '/cost', 'number')}
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Start the intervention
      </button>
    </form>
  );
}
