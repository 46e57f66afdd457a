import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { ApiError, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { can } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { CriteriaSection } from './CriteriaSection';
import { stateLabel, termLabel } from './format';
import { carryForward, exportPlan, loadPlan, updatePlan, type PlanRead, type PlanState, type Tagged } from './plansApi';
import { PrioritiesSection } from './PrioritiesSection';
import { ReviewSection } from './ReviewSection';

const MAX_ID = 2_147_483_647;

export function planIdFrom(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

/** A plan: its details and state, success criteria with live figures, priorities and their
 * actions, and its review. */
export function PlanPage() {
  const api = useApi();
  const planId = planIdFrom(useParams().planId);
  const query = useApiQuery(`plan/${planId}`, () =>
    planId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadPlan(api, planId),
  );
  const plan = query.status === 'done' ? query.data.value : null;
  useDocumentTitle(plan ? plan.title : query.status === 'failed' ? 'Plan not available' : 'Plan');
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/schools">Schools</Link>
          </li>
          {plan ? (
            <li>
              <Link to={`/schools/${plan.school_id}/plans`}>Plans</Link>
            </li>
          ) : null}
          <li aria-current="page">{plan?.title ?? 'Plan'}</li>
        </ol>
      </nav>
      {query.status === 'loading' ? <Loading label="Loading the plan…" /> : null}
      {query.status === 'failed' ? (
        <>
          <h1 className="page-header__title">Plan not available</h1>
          <ErrorPanel error={query.error} onRetry={query.reload} />
        </>
      ) : null}
      {query.status === 'done' ? <PlanView tagged={query.data} reload={query.reload} /> : null}
    </>
  );
}

function PlanView({ tagged, reload }: { tagged: Tagged<PlanRead>; reload: () => void }) {
  const api = useApi();
  const me = useMe();
  const navigate = useNavigate();
  const plan = tagged.value;
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; stale: boolean } | null>(null);

  async function act(work: () => Promise<unknown>, message: string) {
    setProblem(null);
    try {
      await work();
      setDone(message);
      reload();
    } catch (error) {
      const stale = error instanceof ApiError && error.status === 412;
      setProblem({ message: stale ? 'Someone else changed this plan since you opened it.' : userMessage(error), stale });
    }
  }
  const move = (state: PlanState, message: string) => act(() => updatePlan(api, plan.id, tagged.etag, { state }), message);
  const writes = can(me, 'plans:write');

  async function carry() {
    setProblem(null);
    try {
      const made = await carryForward(api, plan.id);
      await navigate(`/plans/${made.id}`);
    } catch (error) {
      setProblem({ message: userMessage(error), stale: false });
    }
  }
  async function download() {
    const csv = await exportPlan(api, plan.id);
    saveTextFile(`${plan.title.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.csv`, csv);
  }

  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">{plan.title}</h1>
        <p className="page-header__lead">
          {termLabel(plan.term, plan.academic_year)} ·{' '}
          <span className={`plan-state plan-state--${plan.state}`}>{stateLabel(plan.state)}</span>
          {plan.owner_name ? ` · owned by ${plan.owner_name}` : ''}
        </p>
      </header>
      <div className="plan-toolbar">
        <Link to={`/plans/${plan.id}/print`}>Governor report (print)</Link>
        <Link to={`/plans/${plan.id}/history`}>History</Link>
        <button type="button" className="button button--link" onClick={() => void download()}>
          Download actions and criteria (CSV)
        </button>
        {plan.may_edit && plan.state === 'draft' ? (
          <button type="button" className="button button--primary" onClick={() => void move('active', 'The plan is now active.')}>
            Make active
          </button>
        ) : null}
        {plan.may_edit && plan.state === 'active' && !plan.review ? (
          <button type="button" className="button button--secondary" onClick={() => void move('draft', 'The plan is a draft again.')}>
            Back to draft
          </button>
        ) : null}
        {writes && plan.state === 'reviewed' ? (
          <>
            <button type="button" className="button button--primary" onClick={() => void carry()}>
              Carry forward to next term
            </button>
            <button type="button" className="button button--secondary" onClick={() => void move('archived', 'The plan is archived.')}>
              Archive
            </button>
          </>
        ) : null}
      </div>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          {problem.stale ? (
            <button type="button" className="button button--secondary" onClick={reload}>
              Load their changes
            </button>
          ) : null}
        </div>
      ) : null}
      {plan.suppression_threshold ? (
        <p className="muted">Figures over fewer than {plan.suppression_threshold} pupils are withheld.</p>
      ) : null}
      <Details plan={plan} etag={tagged.etag} onSaved={(m) => void act(async () => undefined, m)} />
      <CriteriaSection plan={plan} onChanged={reload} />
      <PrioritiesSection plan={plan} onChanged={reload} />
      <ReviewSection plan={plan} onChanged={reload} />
    </>
  );
}

/** Who owns and monitors the plan, and who supports it from outside; leaders edit it. */
function Details({ plan, etag, onSaved }: { plan: PlanRead; etag: string; onSaved: (message: string) => void }) {
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [group, setGroup] = useState(plan.monitoring_group ?? '');
  const [support, setSupport] = useState(plan.external_support ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await updatePlan(api, plan.id, etag, { monitoring_group: group, external_support: support });
      setEditing(false);
      onSaved('Saved the plan’s details.');
    } catch (error) {
      // The text typed stays in the form, so nothing is lost when someone else saved first.
      setProblem(
        error instanceof ApiError && error.status === 412
          ? 'Someone else changed this plan since you opened it: your text is kept here; reload the page to see theirs, then save again.'
          : userMessage(error),
      );
    }
  }
  return (
    <section className="card" aria-labelledby="plan-details">
      <h2 id="plan-details" className="card__title">
        Details
      </h2>
      {editing ? (
        <form onSubmit={(e) => void save(e)} className="plan-form" noValidate>
          <div className="field">
            <label className="field__label" htmlFor="plan-group">
              Monitoring group
            </label>
            <textarea id="plan-group" className="field__input" rows={2} value={group} onChange={(e) => setGroup(e.target.value)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="plan-support">
              External support
            </label>
            <textarea id="plan-support" className="field__input" rows={2} value={support} onChange={(e) => setSupport(e.target.value)} />
          </div>
          {problem ? (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="plan-form__actions">
            <button type="submit" className="button button--primary">
              Save the details
            </button>
            <button type="button" className="button button--link" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="details details--compact">
            <div className="details__row">
              <dt>Owner</dt>
              <dd>{plan.owner_name ?? '—'}</dd>
            </div>
            <div className="details__row">
              <dt>Monitoring group</dt>
              <dd>{plan.monitoring_group ?? '—'}</dd>
            </div>
            <div className="details__row">
              <dt>External support</dt>
              <dd>{plan.external_support ?? '—'}</dd>
            </div>
          </dl>
          {plan.may_edit ? (
            <button type="button" className="button button--link" onClick={() => setEditing(true)}>
              Change the details
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
