import { useState, type FormEvent } from 'react';
import { formatDate } from '../pupils/format';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApi, useMe } from '../auth/session';
import { roleName, type Role } from '../people/people';
import { byUrgency, PHASES, STATUSES, THEMES } from './format';
import { addAction, addPriority, updateAction, type ActionRead, type PlanRead, type PriorityRead } from './plansApi';

const LEAD_ROLES: Role[] = ['head_teacher', 'senior_leader', 'phase_leader', 'subject_leader', 'senco', 'class_teacher'];

/** The plan's priorities, each with its actions; overdue actions stand out. */
export function PrioritiesSection({ plan, onChanged }: { plan: PlanRead; onChanged: () => void }) {
  return (
    <section className="card" aria-labelledby="plan-priorities">
      <h2 id="plan-priorities" className="card__title">
        Priorities and actions
      </h2>
      {plan.priorities.length === 0 ? <p>No priorities yet.</p> : null}
      {plan.priorities.map((p) => (
        <Priority key={p.id} plan={plan} priority={p} onChanged={onChanged} />
      ))}
      {plan.may_edit ? <AddPriority plan={plan} onAdded={onChanged} /> : null}
    </section>
  );
}

function Priority({ plan, priority, onChanged }: { plan: PlanRead; priority: PriorityRead; onChanged: () => void }) {
  const actions = byUrgency(plan.actions.filter((a) => a.priority_id === priority.id));
  const headingId = `priority-${priority.id}`;
  return (
    <article className="plan-priority" aria-labelledby={headingId}>
      <h3 id={headingId} className="plan-priority__title">
        {priority.ordinal}. {priority.title}
      </h3>
      <p className="muted">
        {THEMES[priority.theme]} · {PHASES[priority.phase]}
      </p>
      {actions.length ? (
        <div className="table-wrap">
          <table className="table table--compact plan-actions">
            <caption className="visually-hidden">Actions for {priority.title}</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Lead</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <ActionRow key={a.id} plan={plan} action={a} onChanged={onChanged} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No actions yet.</p>
      )}
      {plan.may_edit ? <AddAction plan={plan} priority={priority} onAdded={onChanged} /> : null}
    </article>
  );
}

function ActionRow({ plan, action, onChanged }: { plan: PlanRead; action: ActionRead; onChanged: () => void }) {
  const api = useApi();
  const me = useMe();
  const [problem, setProblem] = useState<string | null>(null);
  const leads = action.lead_user_id === me.id || me.grants.some((g) => g.role === action.lead_role && g.school_id === plan.school_id);
  const mayChange = plan.state !== 'reviewed' && plan.state !== 'archived' && (plan.may_edit || leads);
  async function setStatus(status: ActionRead['status']) {
    setProblem(null);
    try {
      const reason = status === 'dropped' ? window.prompt('Why is it dropped?') : null;
      if (status === 'dropped' && !reason) return;
      await updateAction(api, action, { status, status_reason: reason });
      onChanged();
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 412 ? 'Someone else changed this action; the plan is reloading.' : userMessage(error),
      );
      if (error instanceof ApiError && error.status === 412) onChanged();
    }
  }
  const lead = action.lead_name ?? (action.lead_role ? roleName(action.lead_role as Role) : '—');
  return (
    <tr className={action.overdue ? 'plan-actions__overdue' : undefined}>
      <th scope="row">
        {action.description}
        {action.carried_from_id ? <span className="tag">Carried forward</span> : null}
      </th>
      <td>{lead}</td>
      <td>
        {formatDate(action.due_on, 'short')}
        {action.overdue ? <span className="tag tag--warning">Overdue</span> : null}
      </td>
      <td>
        {mayChange ? (
          <select
            className="field__input field__select field__input--short"
            aria-label={`Status of “${action.description}”`}
            value={action.status}
            onChange={(e) => void setStatus(e.target.value as ActionRead['status'])}
          >
            {Object.entries(STATUSES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        ) : (
          STATUSES[action.status]
        )}
        {problem ? (
          <p className="field__error" role="alert">
            {problem}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function AddPriority({ plan, onAdded }: { plan: PlanRead; onAdded: () => void }) {
  const api = useApi();
  const [title, setTitle] = useState('');
  const [theme, setTheme] = useState('standards');
  const [phase, setPhase] = useState('deliver');
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await addPriority(api, plan.id, {
        title: title.trim(),
        theme: theme as PriorityRead['theme'],
        phase: phase as PriorityRead['phase'],
      });
      setTitle('');
      onAdded();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <form className="plan-form plan-add" aria-labelledby="add-priority" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="add-priority" className="plan-add__title">
        Add a priority
      </h3>
      <div className="field">
        <label className="field__label" htmlFor="priority-title">
          Priority
        </label>
        <input id="priority-title" className="field__input" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor="priority-theme">
            Theme
          </label>
          <select id="priority-theme" className="field__input field__select" value={theme} onChange={(e) => setTheme(e.target.value)}>
            {Object.entries(THEMES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="priority-phase">
            Implementation phase
          </label>
          <select id="priority-phase" className="field__input field__select" value={phase} onChange={(e) => setPhase(e.target.value)}>
            {Object.entries(PHASES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button button--primary">
        Add the priority
      </button>
    </form>
  );
}

function AddAction({ plan, priority, onAdded }: { plan: PlanRead; priority: PriorityRead; onAdded: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [role, setRole] = useState<Role>('class_teacher');
  const [due, setDue] = useState('');
  const [monitoring, setMonitoring] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const id = `action-${priority.id}`;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      await addAction(api, plan.id, {
        priority_id: priority.id,
        description: description.trim(),
        lead_role: role,
        due_on: due,
        monitoring: monitoring.trim() || null,
        status: 'not_started',
      });
      setDescription('');
      setDue('');
      setMonitoring('');
      setOpen(false);
      onAdded();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  if (!open) {
    return (
      <button type="button" className="button button--link" onClick={() => setOpen(true)}>
        Add an action to “{priority.title}”
      </button>
    );
  }
  return (
    <form className="plan-form plan-add" aria-label={`Add an action to ${priority.title}`} onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-what`}>
          Action
        </label>
        <input id={`${id}-what`} className="field__input" value={description} onChange={(e) => setDescription(e.target.value)} />
        {errors['/description'] ? <p className="field__error">{errors['/description']}</p> : null}
      </div>
      <div className="form-row">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-lead`}>
            Led by
          </label>
          <select id={`${id}-lead`} className="field__input field__select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {LEAD_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-due`}>
            Due
          </label>
          <input id={`${id}-due`} className="field__input" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          {errors['/due_on'] ? <p className="field__error">{errors['/due_on']}</p> : null}
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-monitoring`}>
          How it is monitored, and by whom
        </label>
        <input id={`${id}-monitoring`} className="field__input" value={monitoring} onChange={(e) => setMonitoring(e.target.value)} />
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="plan-form__actions">
        <button type="submit" className="button button--primary">
          Add the action
        </button>
        <button type="button" className="button button--link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
