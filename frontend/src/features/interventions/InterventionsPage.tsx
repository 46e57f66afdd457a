import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { saveBlob, saveTextFile } from '../../lib/download';
import {
  exportProvisionMapCsv,
  exportProvisionMapXlsx,
  impactSummary,
  loadProvisionMap,
  recentYears,
  startIntervention,
  startingFrom,
  type InterventionWrite,
  type ProvisionMap,
} from './interventionsApi';

const WAVES: Record<InterventionWrite['wave'], string> = { group: 'Wave 2 (group)', individual: 'Wave 3 (individual)' };
const TRIGGERS: Record<NonNullable<InterventionWrite['trigger']>, string> = {
  attainment: 'Attainment',
  attendance: 'Attendance',
  behaviour: 'Behaviour',
  wellbeing: 'Wellbeing',
  parent_request: 'Parent request',
};

/** A school's interventions (its provision map), and starting one for pupils chosen elsewhere:
 * a meeting's action, a flag list. */
export function InterventionsPage() {
  const api = useApi();
  const schoolId = Number(useParams().schoolId);
  const [params] = useSearchParams();
  const from = startingFrom(params);
  const [year, setYear] = useState<string | undefined>(undefined);
  const [current, setCurrent] = useState<string | null>(null);
  const map = useApiQuery(`provision-map/${schoolId}/${year ?? 'now'}`, async () => {
    const found = await loadProvisionMap(api, schoolId, year);
    if (year === undefined) setCurrent(found.academic_year);
    return found;
  });
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
        <p className="page-header__lead">The provision map: who is in what, for how long, at what cost, and with what impact.</p>
      </header>
      {from.pupilIds.length ? <StartForm schoolId={schoolId} from={from} /> : null}
      {current ? (
        <div className="field">
          <label className="field__label" htmlFor="provision-year">
            Year
          </label>
          <select id="provision-year" className="field__input field__select" value={year ?? current} onChange={(e) => setYear(e.target.value)}>
            {recentYears(current).map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {map.status === 'loading' ? <Loading label="Loading the provision map…" /> : null}
      {map.status === 'failed' ? <ErrorPanel error={map.error} onRetry={map.reload} /> : null}
      {map.status === 'done' ? <Provision schoolId={schoolId} map={map.data} /> : null}
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
    trigger: 'attainment' as NonNullable<InterventionWrite['trigger']>,
    subject: from.subject,
    staff: '',
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
        subject: form.subject,
        trigger: form.trigger,
        staff_role: form.staff.trim() || null,
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
        Start an intervention for {from.pupilIds.length} {from.pupilIds.length === 1 ? 'pupil' : 'pupils'} in {form.subject}
      </h2>
      {field('name', 'Name', '/name')}
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="intervention-wave">
            Wave
          </label>
          <select id="intervention-wave" className="field__input field__select" value={form.wave} onChange={set('wave')}>
            {Object.entries(WAVES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="intervention-subject">
            Subject
          </label>
          <select id="intervention-subject" className="field__input field__select" value={form.subject} onChange={set('subject')}>
            {[...new Set(['reading', 'writing', 'maths', from.subject])].map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="intervention-trigger">
            Because of
          </label>
          <select id="intervention-trigger" className="field__input field__select" value={form.trigger} onChange={set('trigger')}>
            {Object.entries(TRIGGERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {field('staff', 'Led by (role)', '/staff_role')}
      </div>
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

function Provision({ schoolId, map }: { schoolId: number; map: ProvisionMap }) {
  const api = useApi();
  const file = `provision-map-${map.academic_year.replace('/', '-')}`;
  if (map.interventions.length === 0) {
    return (
      <p className="panel">
        No interventions in {map.academic_year} yet. Start one from an action agreed at a pupil progress meeting, or choose pupils on the
        grid, the transition matrix, a flag list or a target group.
      </p>
    );
  }
  return (
    <section aria-labelledby="provision-map">
      <h2 id="provision-map">Provision map {map.academic_year}</h2>
      <p>
        {map.interventions.length} interventions · {map.pupils_in_provision} pupils · {map.total_adult_hours} adult hours · £{map.total_cost}
      </p>
      <div className="plan-toolbar">
        <button type="button" className="button button--link" onClick={() => void exportProvisionMapCsv(api, schoolId, map.academic_year).then((csv) => saveTextFile(`${file}.csv`, csv))}>
          Download the provision map (CSV)
        </button>
        <button type="button" className="button button--link" onClick={() => void exportProvisionMapXlsx(api, schoolId, map.academic_year).then((blob) => saveBlob(`${file}.xlsx`, blob))}>
          Download the provision map (Excel)
        </button>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Interventions of {map.academic_year}, in the order they started</caption>
          <thead>
            <tr>
              <th scope="col">Intervention</th>
              <th scope="col">Wave</th>
              <th scope="col">Subject</th>
              <th scope="col">Dates</th>
              <th scope="col">Pupils</th>
              <th scope="col" className="numeric">
                Adult hours
              </th>
              <th scope="col" className="numeric">
                Cost
              </th>
              <th scope="col">Impact</th>
            </tr>
          </thead>
          <tbody>
            {map.interventions.map((row) => {
              const i = row.intervention;
              return (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/interventions/${i.id}`}>{i.name}</Link>
                  </th>
                  <td>{WAVES[i.wave]}</td>
                  <td>{i.subject}</td>
                  <td>
                    {formatDate(i.starts_on, 'short')} to {formatDate(i.ends_on, 'short')}
                  </td>
                  <td>
                    {row.pupils.map((p, index) => (
                      <span key={p.pupil_id}>
                        {index ? ', ' : ''}
                        <Link to={`/pupils/${p.pupil_id}`}>
                          {p.first_name} {p.last_name}
                        </Link>
                      </span>
                    ))}
                  </td>
                  <td className="numeric">{row.adult_hours}</td>
                  <td className="numeric">
                    {row.cost !== null ? `£${row.cost}` : '—'}
                    {row.cost_per_pupil !== null ? <span className="plan-now__note">£{row.cost_per_pupil} a pupil</span> : null}
                  </td>
                  <td>{impactSummary(row)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
