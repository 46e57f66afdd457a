import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { KINDS, loadActivity, OUTCOMES, RATINGS, STATES, updateActivity, writable, type Activity, type ActivityUpdate } from './monitoringApi';

const MAX_ID = 2_147_483_647;
const TEXTS = [
  ['reflection', 'The teacher’s reflection'],
  ['summary', 'The partner’s summary'],
  ['teacher_response', 'The teacher’s response'],
  ['quality_note', 'The head teacher’s quality-assurance note'],
] as const;

/** One monitoring activity: each person writes their part, the partner submits it, a leader
 * confirms it; the confirmed record is the teacher's final copy. */
export function ActivityPage() {
  const api = useApi();
  const raw = useParams().activityId;
  const id = raw && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null;
  const activity = useApiQuery(`monitoring-activity/${id}`, () =>
    id === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadActivity(api, id),
  );
  useDocumentTitle(activity.status === 'done' ? `${KINDS[activity.data.kind]}: ${activity.data.focus}` : 'Monitoring');
  if (activity.status === 'loading') return <Loading label="Loading the activity…" />;
  if (activity.status === 'failed') return <ErrorPanel error={activity.error} onRetry={activity.reload} />;
  return <ActivityView key={activity.data.version} activity={activity.data} onSaved={activity.reload} />;
}

function ActivityView({ activity, onSaved }: { activity: Activity; onSaved: () => void }) {
  const api = useApi();
  const mine = writable(activity);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries([...TEXTS.map(([k]) => [k, activity[k] ?? '']), ...OUTCOMES.map((k) => [k, activity[k]?.toString() ?? ''])]),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  async function save(move?: Activity['state']) {
    setErrors({});
    setProblem(null);
    const body: ActivityUpdate = {};
    for (const [key] of TEXTS) if (mine.has(key)) body[key] = draft[key]?.trim() || null;
    for (const key of OUTCOMES) if (mine.has(key)) body[key] = draft[key] ? Number(draft[key]) : null;
    if (move) body.move_to = move;
    try {
      await updateActivity(api, activity, body);
      onSaved();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  const as = new Set(activity.acting_as);
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={`/schools/${activity.school_id}/monitoring`}>Monitoring</Link>
          </li>
          <li aria-current="page">{KINDS[activity.kind]}</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">
          {KINDS[activity.kind]}: {activity.focus}
        </h1>
        <p className="page-header__lead">
          {formatDate(activity.held_on)} · {activity.teacher_name}’s practice, with {activity.partner_name} · <strong>{STATES[activity.state]}</strong>
          {activity.priority_title ? ` · priority: ${activity.priority_title}` : ''}
        </p>
        {activity.state === 'confirmed' ? (
          <p className="notice notice--success">
            Confirmed by {activity.confirmed_by}: this is the final copy, returned to {activity.teacher_name}.
          </p>
        ) : null}
      </header>
      <section className="card" aria-labelledby="activity-record">
        <h2 id="activity-record" className="card__title">
          The record
        </h2>
        {TEXTS.map(([key, label]) =>
          mine.has(key) ? (
            <div className="field" key={key}>
              <label className="field__label" htmlFor={`activity-${key}`}>
                {label}
              </label>
              <textarea id={`activity-${key}`} className="field__input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
              {errors[`/${key}`] ? <p className="field__error">{errors[`/${key}`]}</p> : null}
            </div>
          ) : activity[key] ? (
            <div key={key}>
              <h3>{label}</h3>
              <p>{activity[key]}</p>
            </div>
          ) : null,
        )}
        <h3>Implementation outcomes</h3>
        <div className="form-row">
          {OUTCOMES.map((key) =>
            mine.has(key) ? (
              <div className="field" key={key}>
                <label className="field__label" htmlFor={`activity-${key}`}>
                  {key[0]!.toUpperCase() + key.slice(1)}
                </label>
                <select id={`activity-${key}`} className="field__input field__select" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}>
                  <option value="">Not rated</option>
                  {Object.entries(RATINGS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <p key={key}>
                {key[0]!.toUpperCase() + key.slice(1)}: {activity[key] ? RATINGS[activity[key]] : '—'}
              </p>
            ),
          )}
        </div>
        {activity.state === 'planned' && as.has('leader') && !as.has('teacher') && !as.has('partner') ? (
          <p className="muted">What the teacher and the partner write is theirs until the partner submits it.</p>
        ) : null}
        {problem ? (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="plan-form__actions">
          {mine.size ? (
            <button type="button" className="button button--secondary" onClick={() => void save()}>
              Save
            </button>
          ) : null}
          {activity.state === 'planned' && as.has('partner') ? (
            <button type="button" className="button button--primary" onClick={() => void save('submitted')}>
              Submit to the head teacher
            </button>
          ) : null}
          {activity.state === 'submitted' && as.has('leader') ? (
            <>
              <button type="button" className="button button--primary" onClick={() => void save('confirmed')}>
                Confirm the record
              </button>
              <button type="button" className="button button--link" onClick={() => void save('planned')}>
                Return it to the partner
              </button>
            </>
          ) : null}
        </div>
      </section>
    </>
  );
}
