import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { can } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { currentAcademicYear } from '../schools/format';
import { stateLabel, termLabel, TERMS, type Term } from './format';
import { createPlan, loadPlans } from './plansApi';

/** A school's plans, newest term first, and starting a new one. */
export function PlansPage() {
  const api = useApi();
  const me = useMe();
  const schoolId = Number(useParams().schoolId);
  const school = useApiQuery(`plans/school/${schoolId}`, () =>
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: schoolId } } })),
  );
  const plans = useApiQuery(`plans/list/${schoolId}`, () => loadPlans(api, schoolId));
  const name = school.status === 'done' ? school.data.name : 'School';
  useDocumentTitle(`Plans – ${name}`);
  const writes = can(me, 'plans:write');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          <li>
            <Link to={`/schools/${schoolId}`}>{name}</Link>
          </li>
          <li aria-current="page">Plans</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Raising attainment plans</h1>
        <p className="page-header__lead">
          One plan a term: priorities, actions, and success criteria read live from the tracker.
        </p>
      </header>
      {plans.status === 'loading' ? <Loading label="Loading the plans…" /> : null}
      {plans.status === 'failed' ? <ErrorPanel error={plans.error} onRetry={plans.reload} /> : null}
      {plans.status === 'done' ? (
        plans.data.length === 0 ? (
          <p className="panel">No plans yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table plans-list">
              <caption className="visually-hidden">Plans of {name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">Term</th>
                  <th scope="col">State</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {plans.data.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/plans/${p.id}`}>{p.title}</Link>
                    </th>
                    <td>{termLabel(p.term, p.academic_year)}</td>
                    <td>
                      <span className={`plan-state plan-state--${p.state}`}>{stateLabel(p.state)}</span>
                    </td>
                    <td>{p.owner_name ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {writes ? <StartPlan schoolId={schoolId} /> : null}
    </>
  );
}

function StartPlan({ schoolId }: { schoolId: number }) {
  const api = useApi();
  const navigate = useNavigate();
  const years = useApiQuery('plans/years', () => api.call((c) => c.GET('/api/v1/academic-years')));
  const thisYear = years.status === 'done' ? (years.data.find((y) => y.is_current) ?? currentAcademicYear(years.data, new Date())) : null;
  const [term, setTerm] = useState<Term>('autumn');
  const [year, setYear] = useState<string>('');
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const chosenYear = year || thisYear?.code || '';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const made = await createPlan(api, schoolId, { academic_year: chosenYear, term, title: title.trim() || null });
      await navigate(`/plans/${made.id}`);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const offered = years.status === 'done' && thisYear ? years.data.filter((y) => Math.abs(Number(y.code.slice(0, 4)) - Number(thisYear.code.slice(0, 4))) <= 1) : [];
  return (
    <form className="card" aria-labelledby="start-plan" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="start-plan" className="card__title">
        Start a plan
      </h2>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="plan-year">
            Academic year
          </label>
          <select id="plan-year" className="field__input field__select" value={chosenYear} onChange={(e) => setYear(e.target.value)}>
            {offered.map((y) => (
              <option key={y.code} value={y.code}>
                {y.code}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="plan-term">
            Term
          </label>
          <select id="plan-term" className="field__input field__select" value={term} onChange={(e) => setTerm(e.target.value as Term)}>
            {TERMS.map((t) => (
              <option key={t} value={t}>
                {termLabel(t, '').trim()}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="plan-title">
            Title (optional)
          </label>
          <input id="plan-title" className="field__input" value={title} onChange={(e) => setTitle(e.target.value)} />
          {errors['/title'] ? <p className="field__error">{errors['/title']}</p> : null}
        </div>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Start the plan
      </button>
    </form>
  );
}
