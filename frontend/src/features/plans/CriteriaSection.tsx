import { useRef, useState, type FormEvent } from 'react';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { CellPupils, type CellChoice } from '../tracking/CellPupils';
import { cohortText, figure, TRAJECTORIES } from './format';
import { MeasurePicker, type Binding } from './MeasurePicker';
import { addCriterion, removeCriterion, type CriterionRead, type PlanRead } from './plansApi';

/** The success criteria: bound ones with the figure the tracker gives now, qualitative ones
 * with the school's own judgement. */
export function CriteriaSection({ plan, onChanged }: { plan: PlanRead; onChanged: () => void }) {
  const api = useApi();
  const [chosen, setChosen] = useState<CellChoice | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const priorities = new Map(plan.priorities.map((p) => [p.id, p.title]));
  return (
    <section className="card" aria-labelledby="plan-criteria">
      <h2 id="plan-criteria" className="card__title">
        Success criteria
      </h2>
      {plan.criteria.length === 0 ? <p>No success criteria yet.</p> : null}
      {plan.criteria.length ? (
        <div className="table-wrap">
          <table className="table plan-criteria">
            <caption className="visually-hidden">Success criteria, with the figure now</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Measure</th>
                <th scope="col" className="numeric">
                  Baseline
                </th>
                <th scope="col" className="numeric">
                  Target
                </th>
                <th scope="col" className="numeric">
                  Now
                </th>
                <th scope="col">Trajectory</th>
              </tr>
            </thead>
            <tbody>
              {plan.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.description}
                    {c.priority_id ? <span className="plan-criteria__priority">{priorities.get(c.priority_id)}</span> : null}
                    {c.carried_from_id ? <span className="tag">Carried forward</span> : null}
                    {plan.may_edit ? (
                      <button
                        type="button"
                        className="button button--link plan-row-actions"
                        onClick={() => void removeCriterion(api, c).then(onChanged)}
                      >
                        Remove<span className="visually-hidden"> “{c.description}”</span>
                      </button>
                    ) : null}
                  </th>
                  <td>{c.measure ? `${c.measure_name} · ${cohortText(c)}` : 'Judged by the school'}</td>
                  <td className="numeric">{c.measure ? figure(c.baseline, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">{c.measure ? figure(c.target, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">
                    <NowCell criterion={c} onPupils={(choice, button) => {
                      opener.current = button;
                      setChosen(choice);
                    }} />
                  </td>
                  <td>
                    {c.measure ? (
                      <span className={`trajectory trajectory--${c.trajectory}`}>{TRAJECTORIES[c.trajectory] ?? c.trajectory}</span>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {chosen ? (
        <CellPupils
          schoolId={plan.school_id}
          academicYear={plan.academic_year}
          cell={chosen}
          onClose={() => {
            setChosen(null);
            opener.current?.focus();
          }}
        />
      ) : null}
      {plan.may_edit ? <AddCriterion plan={plan} onAdded={onChanged} /> : null}
    </section>
  );
}

function NowCell({
  criterion: c,
  onPupils,
}: {
  criterion: CriterionRead;
  onPupils: (choice: CellChoice, button: HTMLButtonElement) => void;
}) {
  if (!c.measure) return <>{c.manual_value ?? '—'}</>;
  if (c.suppressed) return <span className="muted">Withheld (small group)</span>;
  if (c.problem) return <span className="muted">{c.problem}</span>;
  const at = c.measured_at ? `${c.measured_at.name} ${c.measured_at.academic_year}` : '';
  return (
    <>
      <strong>{figure(c.current_value, c.unit, c.measure)}</strong>
      {c.predicted_value !== null ? <span className="plan-now__note">predicted {figure(c.predicted_value, c.unit)}</span> : null}
      {at ? <span className="plan-now__note">at {at}</span> : null}
      {c.pupil_ids && c.cohort !== null ? (
        <button
          type="button"
          className="button button--link plan-now__pupils"
          onClick={(e) =>
            onPupils(
              {
                title: `${c.description}: ${c.pupil_ids?.length ?? 0} of ${c.cohort} pupils`,
                pupilIds: c.pupil_ids ?? [],
                yearGroup: c.year_groups.length === 1 ? c.year_groups[0] : undefined,
              },
              e.currentTarget,
            )
          }
        >
          {c.pupil_ids.length} of {c.cohort} pupils
        </button>
      ) : null}
    </>
  );
}

function AddCriterion({ plan, onAdded }: { plan: PlanRead; onAdded: () => void }) {
  const api = useApi();
  const points = useApiQuery(`plan/points/${plan.school_id}`, async () => {
    const school = await api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path: { school_id: plan.school_id } } }));
    return api.call((c) =>
      c.GET('/api/v1/trusts/{trust_id}/assessment-points', {
        params: { path: { trust_id: school.trust_id }, query: { academic_year: plan.academic_year } },
      }),
    );
  });
  const [kind, setKind] = useState<'bound' | 'qualitative'>('bound');
  const [description, setDescription] = useState('');
  const [binding, setBinding] = useState<Binding | null>(null);
  const [target, setTarget] = useState('');
  const [manual, setManual] = useState('');
  const [priority, setPriority] = useState<string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const common = { description: description.trim(), priority_id: priority ? Number(priority) : null };
      await addCriterion(
        api,
        plan.id,
        kind === 'bound' && binding
          ? {
              ...common,
              measure: binding.code,
              subject: binding.subject,
              year_groups: binding.yearGroups,
              subgroup: binding.subgroup,
              target_group_id: binding.targetGroupId,
              point_id: binding.pointId,
              target: target === '' ? null : Number(target),
            }
          : { ...common, manual_value: manual.trim() || null },
      );
      setDescription('');
      setTarget('');
      setManual('');
      onAdded();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const error = (pointer: string) => (errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null);
  return (
    <form className="plan-form plan-add" aria-labelledby="add-criterion" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="add-criterion" className="plan-add__title">
        Add a success criterion
      </h3>
      <div className="field">
        <label className="field__label" htmlFor="criterion-description">
          Criterion
        </label>
        <input
          id="criterion-description"
          className="field__input"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="Year 6 writing at or above ARE"
        />
        {error('/description')}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="criterion-priority">
          Under the priority
        </label>
        <select id="criterion-priority" className="field__input field__select" value={priority} onChange={(e) => setPriority(e.target.value)}>
          <option value="">None</option>
          {plan.priorities.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="plan-form__kind">
        <legend>How it is measured</legend>
        <label className="choice">
          <input type="radio" name="criterion-kind" checked={kind === 'bound'} onChange={() => setKind('bound')} /> From the tracker
        </label>
        <label className="choice">
          <input type="radio" name="criterion-kind" checked={kind === 'qualitative'} onChange={() => setKind('qualitative')} /> Judged
          by the school
        </label>
      </fieldset>
      {kind === 'bound' ? (
        <>
          {points.status === 'loading' ? <Loading label="Loading the assessment points…" /> : null}
          {points.status === 'failed' ? <ErrorPanel error={points.error} onRetry={points.reload} /> : null}
          {points.status === 'done' ? (
            <MeasurePicker
              schoolId={plan.school_id}
              academicYear={plan.academic_year}
              points={points.data.filter((p) => !p.statutory)}
              errors={errors}
              onChange={setBinding}
            />
          ) : null}
          <div className="field">
            <label className="field__label" htmlFor="criterion-target">
              Target
            </label>
            <input
              id="criterion-target"
              className="field__input field__input--short"
              inputMode="decimal"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            />
            <p className="field__hint">The baseline is filled in from the data now.</p>
            {error('/target')}
          </div>
        </>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor="criterion-manual">
            Where it stands
          </label>
          <input id="criterion-manual" className="field__input" value={manual} onChange={(e) => setManual(e.target.value)} placeholder="Teaching good or better: 55%" />
        </div>
      )}
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Add the criterion
      </button>
    </form>
  );
}
