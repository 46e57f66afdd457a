import { useState, type FormEvent } from 'react';
import { formatDate } from '../pupils/format';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApi, useMe } from '../auth/session';
import { roleName, type Role } from '../people/people';
import { byUrgency, PHASES, STATUSES, THEMES } from './format';
import { useApiQuery } from '../../lib/useApiQuery';
import { loadPeople } from '../people/peopleApi';
import { addAction, addPriority, removeAction, updateAction, type ActionRead, type PlanRead, type PriorityRead } from './plansApi';

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
      {priority.implementation ? (
        <p className="plan-priority__implementation">
          Implementation, from {priority.implementation.activities} confirmed monitoring{' '}
          {priority.implementation.activities === 1 ? 'activity' : 'activities'} (1 not yet, 4 fully): fidelity{' '}
          {priority.implementation.fidelity ?? '—'}, acceptability {priority.implementation.acceptability ?? '—'}, reach{' '}
          {priority.implementation.reach ?? '—'}, feasibility {priority.implementation.feasibility ?? '—'}
        </p>
      ) : null}
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
  const [editing, setEditing] = useState(false);
  const lead = action.lead_name ?? (action.lead_role ? roleName(action.lead_role as Role) : '—');
  if (editing) {
    const priority = plan.priorities.find((p) => p.id === action.priority_id)!;
    return (
      <tr>
        <td colSpan={4}>
          <ActionForm
            plan={plan}
            priority={priority}
            action={action}
            onDone={(changed) => {
              setEditing(false);
              if (changed) onChanged();
            }}
          />
        </td>
      </tr>
    );
  }
  async function remove() {
    setProblem(null);
    try {
      await removeAction(api, action);
      onChanged();
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <tr className={action.overdue ? 'plan-actions__overdue' : undefined}>
      <th scope="row">
        {action.description}
        {action.carried_from_id ? <span className="tag">Carried forward</span> : null}
        {plan.may_edit ? (
          <span className="plan-row-actions">
            <button type="button" className="button button--link" onClick={() => setEditing(true)}>
              Change<span className="visually-hidden"> “{action.description}”</span>
            </button>
            <button type="button" className="button button--link" onClick={() => void remove()}>
              Remove<span className="visually-hidden"> “{action.description}”</span>
            </button>
          </span>
        ) : null}
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
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button--link" onClick={() => setOpen(true)}>
        Add an action to “{priority.title}”
      </button>
    );
  }
  return (
    <ActionForm
      plan={plan}
      priority={priority}
      onDone={(changed) => {
        setOpen(false);
        if (changed) onAdded();
      }}
    />
  );
}

/** Adding an action under a priority, or changing one (`action`): what, who leads it, when,
 * what it costs and how it is monitored. */
function ActionForm({
  plan,
  priority,
  action,
  onDone,
}: {
  plan: PlanRead;
  priority: PriorityRead;
  action?: ActionRead;
  onDone: (changed: boolean) => void;
}) {
  const api = useApi();
  // Named leads come from the school's people, for those who may list them; a role will do.
  const people = useApiQuery(`plan/people/${plan.school_id}`, () => loadPeople(api, { school_id: plan.school_id }));
  const [form, setForm] = useState({
    description: action?.description ?? '',
    leadUser: action?.lead_user_id ? String(action.lead_user_id) : '',
    role: (action?.lead_role ?? 'class_teacher') as Role | '',
    starts: action?.starts_on ?? '',
    due: action?.due_on ?? '',
    resources: action?.resources ?? '',
    cost: action?.cost !== null && action?.cost !== undefined ? String(action.cost) : '',
    cpd: action?.cpd ?? '',
    monitoring: action?.monitoring ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const id = action ? `action-edit-${action.id}` : `action-${priority.id}`;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    const fields = {
      description: form.description.trim(),
      lead_user_id: form.leadUser ? Number(form.leadUser) : null,
      lead_role: form.role || null,
      starts_on: form.starts || null,
      due_on: form.due,
      resources: form.resources.trim() || null,
      cost: form.cost === '' ? null : Number(form.cost),
      cpd: form.cpd.trim() || null,
      monitoring: form.monitoring.trim() || null,
    };
    try {
      if (action) await updateAction(api, action, fields);
      else await addAction(api, plan.id, { ...fields, priority_id: priority.id, status: 'not_started' });
      onDone(true);
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(
        error instanceof ApiError && error.status === 412
          ? 'Someone else changed this action since the plan was loaded; your text is kept here. Reload to see theirs.'
          : userMessage(error),
      );
    }
  }
  const field = (key: keyof typeof form, label: string, pointer: string, type = 'text') => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      <input id={`${id}-${key}`} className="field__input" type={type} value={form[key]} onChange={set(key)} />
      {errors[pointer] ? <p className="field__error">{errors[pointer]}</p> : null}
    </div>
  );
  return (
    <form
      className="plan-form plan-add"
      aria-label={action ? `Change “${action.description}”` : `Add an action to ${priority.title}`}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      {field('description', 'Action', '/description')}
      <div className="form-row">
        {people.status === 'done' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-person`}>
              Lead (a person)
            </label>
            <select id={`${id}-person`} className="field__input field__select" value={form.leadUser} onChange={set('leadUser')}>
              <option value="">Nobody named</option>
              {people.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.full_name}
                </option>
              ))}
            </select>
            {errors['/lead_user_id'] ? <p className="field__error">{errors['/lead_user_id']}</p> : null}
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-lead`}>
            Led by (a role)
          </label>
          <select id={`${id}-lead`} className="field__input field__select" value={form.role} onChange={set('role')}>
            <option value="">No role</option>
            {LEAD_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </div>
        {field('starts', 'Starts', '/starts_on', 'date')}
        {field('due', 'Due', '/due_on', 'date')}
      </div>
      <div className="form-row">
        {field('resources', 'Resources', '/resources')}
        {field('cost', 'Cost (£)', '/cost', 'number')}
        {field('cpd', 'Linked CPD', '/cpd')}
      </div>
      {field('monitoring', 'How it is monitored, and by whom', '/monitoring')}
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="plan-form__actions">
        <button type="submit" className="button button--primary">
          {action ? 'Save the action' : 'Add the action'}
        </button>
        <button type="button" className="button button--link" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
