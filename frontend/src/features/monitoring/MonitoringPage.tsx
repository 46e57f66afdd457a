import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { can } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { loadPeople } from '../people/peopleApi';
import { loadActivePriorities } from '../plans/plansApi';
import { formatDate } from '../pupils/format';
import { agreeActivity, KINDS, loadActivities, STATES, type ActivityCreate } from './monitoringApi';

/** The school's monitoring activities a person may see (a leader all of them, anyone else
 * their own), and agreeing a new one in advance. */
export function MonitoringPage() {
  const api = useApi();
  const me = useMe();
  const schoolId = Number(useParams().schoolId);
  const list = useApiQuery(`monitoring/${schoolId}`, () => loadActivities(api, schoolId));
  useDocumentTitle('Monitoring');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${schoolId}`}>School</Link>
          </li>
          <li aria-current="page">Monitoring</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Monitoring</h1>
        <p className="page-header__lead">
          Learning walks, drop-ins, book looks and pupil-voice panels: a focus agreed in advance, the teacher’s reflection, the
          partner’s summary, and the record the head teacher confirms.
        </p>
      </header>
      {list.status === 'loading' ? <Loading label="Loading the activities…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      {list.status === 'done' ? (
        list.data.length === 0 ? (
          <p className="panel">No monitoring activities that you take part in.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Monitoring activities, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Focus</th>
                  <th scope="col">Kind</th>
                  <th scope="col">When</th>
                  <th scope="col">Teacher</th>
                  <th scope="col">Partner</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/monitoring-activities/${a.id}`}>{a.focus}</Link>
                      {a.priority_title ? <span className="table__sub">Priority: {a.priority_title}</span> : null}
                    </th>
                    <td>{KINDS[a.kind]}</td>
                    <td>{formatDate(a.held_on, 'short')}</td>
                    <td>{a.teacher_name}</td>
                    <td>{a.partner_name}</td>
                    <td>{STATES[a.state]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {can(me, 'plans:write') ? <AgreeForm schoolId={schoolId} /> : null}
    </>
  );
}

function AgreeForm({ schoolId }: { schoolId: number }) {
  const api = useApi();
  const navigate = useNavigate();
  const people = useApiQuery(`monitoring/people/${schoolId}`, () => loadPeople(api, { school_id: schoolId }));
  const priorities = useApiQuery(`monitoring/priorities/${schoolId}`, () => loadActivePriorities(api, schoolId));
  const [form, setForm] = useState({ kind: 'learning_walk', focus: '', held: '', teacher: '', partner: '', priority: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const made = await agreeActivity(api, schoolId, {
        kind: form.kind as ActivityCreate['kind'],
        focus: form.focus.trim(),
        held_on: form.held,
        teacher_id: Number(form.teacher),
        partner_id: Number(form.partner),
        priority_id: form.priority ? Number(form.priority) : null,
      });
      await navigate(`/monitoring-activities/${made.id}`);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const staff = people.status === 'done' ? people.data : [];
  const person = (key: 'teacher' | 'partner', label: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`activity-${key}`}>
        {label}
      </label>
      <select id={`activity-${key}`} className="field__input field__select" value={form[key]} onChange={set(key)}>
        <option value="">Choose…</option>
        {staff.map((p) => (
          <option key={p.id} value={p.id}>
            {p.full_name}
          </option>
        ))}
      </select>
      {errors[`/${key}_id`] ? <p className="field__error">{errors[`/${key}_id`]}</p> : null}
    </div>
  );
  return (
    <form className="card plan-form" aria-labelledby="agree-activity" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="agree-activity" className="card__title">
        Agree an activity
      </h2>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="activity-kind">
            Kind
          </label>
          <select id="activity-kind" className="field__input field__select" value={form.kind} onChange={set('kind')}>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="activity-held">
            When
          </label>
          <input id="activity-held" className="field__input" type="date" value={form.held} onChange={set('held')} />
          {errors['/held_on'] ? <p className="field__error">{errors['/held_on']}</p> : null}
        </div>
        {person('teacher', 'Whose practice')}
        {person('partner', 'Professional partner')}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="activity-focus">
          Focus, agreed in advance
        </label>
        <input id="activity-focus" className="field__input" value={form.focus} onChange={set('focus')} />
        {errors['/focus'] ? <p className="field__error">{errors['/focus']}</p> : null}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="activity-priority">
          Plan priority
        </label>
        <select id="activity-priority" className="field__input field__select" value={form.priority} onChange={set('priority')}>
          <option value="">None</option>
          {(priorities.status === 'done' ? priorities.data : []).map((p) => (
            <option key={p.priorityId} value={p.priorityId}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Agree the activity
      </button>
    </form>
  );
}
