import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { formatDateTime } from '../imports/when';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { flagLabel } from '../tracking/format';
import type { Flag } from '../tracking/types';
import { cohortText, figure, needsReason, RAGS } from './format';
import { loadReview, startReview, updateReview, type PlanRead, type Rag, type ReviewRead, type Tagged } from './plansApi';

const TEXTS: [keyof ReviewRead & string, string][] = [
  ['evidence', 'Evidence'],
  ['successes', 'Successes'],
  ['barriers', 'Barriers'],
  ['next_steps', 'Next steps'],
  ['attendees', 'Attendees'],
  ['minutes', 'Minutes'],
];

/** The termly review: each criterion's figure beside its target, the RAG the data suggests and
 * the leader's; signed off, every figure is frozen. */
export function ReviewSection({ plan, onChanged }: { plan: PlanRead; onChanged: () => void }) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  if (!plan.review) {
    if (!plan.may_edit || plan.state !== 'active') return null;
    return (
      <section className="card" aria-labelledby="plan-review">
        <h2 id="plan-review" className="card__title">
          Review
        </h2>
        <p>At the end of the term, review each criterion against the tracker and sign the review off.</p>
        {problem ? (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          onClick={() =>
            void startReview(api, plan.id).then(onChanged, (error: unknown) => setProblem(userMessage(error)))
          }
        >
          Start the review
        </button>
      </section>
    );
  }
  if (plan.review.signed_off_at) return <SignedOff plan={plan} review={plan.review} />;
  return <ReviewEditor plan={plan} onChanged={onChanged} />;
}

function SignedOff({ plan, review }: { plan: PlanRead; review: ReviewRead }) {
  const criteria = new Map(plan.criteria.map((c) => [c.id, c]));
  return (
    <section className="card" aria-labelledby="plan-review">
      <h2 id="plan-review" className="card__title">
        Review
      </h2>
      <p className="notice notice--info">
        Signed off by {review.signed_off_by} on {formatDateTime(review.signed_off_at ?? '')}. The figures below are as they
        stood then.
      </p>
      <TermMeetings meetings={review.meetings} />
      <div className="table-wrap">
        <table className="table plan-review">
          <caption className="visually-hidden">Each criterion as the review judged it</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col" className="numeric">
                Target
              </th>
              <th scope="col" className="numeric">
                At the review
              </th>
              <th scope="col">RAG</th>
            </tr>
          </thead>
          <tbody>
            {review.criteria.map((r) => {
              const c = criteria.get(r.criterion_id);
              return (
                <tr key={r.criterion_id}>
                  <th scope="row">{c?.description}</th>
                  <td className="numeric">{c?.measure ? figure(c.target, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">
                    {c?.measure ? (r.suppressed ? 'Withheld (small group)' : figure(r.value, c.unit, c.measure)) : (c?.manual_value ?? '—')}
                  </td>
                  <td>
                    {r.rag ? <span className={`rag rag--${r.rag}`}>{RAGS[r.rag]}</span> : '—'}
                    {r.rag_reason ? <span className="plan-now__note">{r.rag_reason}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <dl className="details">
        {TEXTS.map(([key, label]) =>
          review[key] ? (
            <div className="details__row" key={key}>
              <dt>{label}</dt>
              <dd>{String(review[key])}</dd>
            </div>
          ) : null,
        )}
      </dl>
    </section>
  );
}

function ReviewEditor({ plan, onChanged }: { plan: PlanRead; onChanged: () => void }) {
  const api = useApi();
  const review = useApiQuery(`plan/review/${plan.id}`, () => loadReview(api, plan.id));
  // Kept here: the form is made afresh for each version it edits, and the message outlives it.
  const [saved, setSaved] = useState<string | null>(null);
  if (review.status === 'loading') return <Loading label="Loading the review…" />;
  if (review.status === 'failed') return <ErrorPanel error={review.error} onRetry={review.reload} />;
  return (
    <ReviewForm
      key={review.data.etag}
      plan={plan}
      tagged={review.data}
      saved={saved}
      onSaved={(message) => {
        setSaved(message);
        review.reload();
      }}
      onReload={review.reload}
      onChanged={onChanged}
    />
  );
}

interface Judgement {
  rag: Rag | '';
  reason: string;
}

function ReviewForm({
  plan,
  tagged,
  saved,
  onSaved,
  onReload,
  onChanged,
}: {
  plan: PlanRead;
  tagged: Tagged<ReviewRead>;
  saved: string | null;
  onSaved: (message: string) => void;
  onReload: () => void;
  onChanged: () => void;
}) {
  const api = useApi();
  const review = tagged.value;
  const criteria = new Map(plan.criteria.map((c) => [c.id, c]));
  const [texts, setTexts] = useState<Record<string, string>>(
    Object.fromEntries(TEXTS.map(([key]) => [key, (review[key] as string | null) ?? ''])),
  );
  const [judged, setJudged] = useState<Record<number, Judgement>>(
    Object.fromEntries(review.criteria.map((r) => [r.criterion_id, { rag: r.rag ?? '', reason: r.rag_reason ?? '' }])),
  );
  const [confirm, setConfirm] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ message: string; stale: boolean } | null>(null);

  async function save(signOff: boolean) {
    setErrors({});
    setProblem(null);
    try {
      await updateReview(api, plan.id, tagged.etag, {
        ...Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.trim() || null])),
        criteria: review.criteria.map((r) => ({
          criterion_id: r.criterion_id,
          rag: judged[r.criterion_id]?.rag || null,
          rag_reason: judged[r.criterion_id]?.reason.trim() || null,
        })),
        sign_off: signOff,
      });
      if (signOff) onChanged();
      else onSaved('Saved the review.');
    } catch (error) {
      setErrors(fieldErrors(error));
      const stale = error instanceof ApiError && error.status === 412;
      setProblem({
        message: stale ? 'Someone else saved this review since you opened it; your text is kept here.' : userMessage(error),
        stale,
      });
    }
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(false);
  }

  return (
    <form className="card" aria-labelledby="plan-review" onSubmit={submit} noValidate>
      <h2 id="plan-review" className="card__title">
        Review
      </h2>
      <details className="review-prompts">
        <summary>Questions to ask at the review</summary>
        {Object.entries(review.prompts).map(([heading, questions]) => (
          <div key={heading}>
            <h3 className="review-prompts__heading">{heading}</h3>
            <ul>
              {questions.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          </div>
        ))}
      </details>
      <TermMeetings meetings={review.meetings} />
      <div className="table-wrap">
        <table className="table plan-review">
          <caption className="visually-hidden">Each criterion against its target, with the RAG</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col" className="numeric">
                Baseline
              </th>
              <th scope="col" className="numeric">
                Target
              </th>
              <th scope="col" className="numeric">
                Now
              </th>
              <th scope="col">The data suggests</th>
              <th scope="col">Your RAG</th>
            </tr>
          </thead>
          <tbody>
            {review.criteria.map((r, index) => {
              const c = criteria.get(r.criterion_id);
              const mine = judged[r.criterion_id] ?? { rag: '', reason: '' };
              const reasonNeeded = needsReason(r.suggested_rag, mine.rag || null);
              const label = c?.description ?? `Criterion ${r.criterion_id}`;
              return (
                <tr key={r.criterion_id}>
                  <th scope="row">
                    {label}
                    {c?.measure ? <span className="plan-criteria__priority">{cohortText(c)}</span> : null}
                  </th>
                  <td className="numeric">{c?.measure ? figure(c.baseline, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">{c?.measure ? figure(c.target, c.unit, c.measure) : '—'}</td>
                  <td className="numeric">
                    {c?.measure ? (r.suppressed ? 'Withheld' : figure(r.value, c.unit, c.measure)) : (c?.manual_value ?? '—')}
                  </td>
                  <td>{r.suggested_rag ? <span className={`rag rag--${r.suggested_rag}`}>{RAGS[r.suggested_rag]}</span> : '—'}</td>
                  <td>
                    <select
                      className="field__input field__select field__input--short"
                      aria-label={`RAG for “${label}”`}
                      value={mine.rag}
                      onChange={(e) => setJudged({ ...judged, [r.criterion_id]: { ...mine, rag: e.target.value as Rag | '' } })}
                    >
                      <option value="">Not judged</option>
                      {Object.entries(RAGS).map(([value, text]) => (
                        <option key={value} value={value}>
                          {text}
                        </option>
                      ))}
                    </select>
                    {reasonNeeded || mine.reason ? (
                      <input
                        className="field__input"
                        aria-label={`Why your RAG for “${label}” differs from the data`}
                        placeholder="Why it differs from the data"
                        value={mine.reason}
                        onChange={(e) => setJudged({ ...judged, [r.criterion_id]: { ...mine, reason: e.target.value } })}
                      />
                    ) : null}
                    {errors[`/criteria/${index}/rag_reason`] ? (
                      <p className="field__error">{errors[`/criteria/${index}/rag_reason`]}</p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {TEXTS.map(([key, label]) => (
        <div className="field" key={key}>
          <label className="field__label" htmlFor={`review-${key}`}>
            {label}
          </label>
          <textarea
            id={`review-${key}`}
            className="field__input"
            rows={key === 'minutes' ? 4 : 2}
            value={texts[key]}
            onChange={(e) => setTexts({ ...texts, [key]: e.target.value })}
          />
        </div>
      ))}
      <div role="status">{saved ? <p className="notice notice--success">{saved}</p> : null}</div>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          {problem.stale ? (
            <button type="button" className="button button--secondary" onClick={onReload}>
              Load their version
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="plan-form__actions">
        <button type="submit" className="button button--secondary">
          Save the review
        </button>
        <label className="choice choice--inline">
          <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> The figures will be frozen
          as they stand
        </label>
        <button type="button" className="button button--primary" disabled={!confirm} onClick={() => void save(true)}>
          Sign off the review
        </button>
      </div>
    </form>
  );
}

/** The term's pupil progress meetings, summed up for the review: what was agreed and done, and
 * the pupils whose flag has changed since (names only for those who may see pupils). */
function TermMeetings({ meetings }: { meetings: ReviewRead['meetings'] }) {
  const changes = meetings.flag_changes ?? [];
  return (
    <section className="review-meetings" aria-labelledby="review-meetings">
      <h3 id="review-meetings">This term's pupil progress meetings</h3>
      {meetings.meetings === 0 ? (
        <p>No pupil progress meetings were held this term.</p>
      ) : (
        <>
          <p>
            {meetings.meetings} {meetings.meetings === 1 ? 'meeting' : 'meetings'} · {meetings.actions_agreed} actions agreed ·{' '}
            {meetings.actions_done} done ({meetings.actions_helped} helped) · {meetings.actions_open} still open ·{' '}
            {meetings.pupils_flag_changed} {meetings.pupils_flag_changed === 1 ? 'pupil' : 'pupils'} with an action whose flag has
            changed since
          </p>
          {changes.length ? (
            <ul>
              {changes.map((c) => (
                <li key={`${c.pupil_id}-${c.subject}`}>
                  <Link to={`/pupils/${c.pupil_id}`}>
                    {c.first_name} {c.last_name}
                  </Link>
                  , {c.subject}: {c.then ? flagLabel(c.then as Flag) : 'no flag'} → {c.now ? flagLabel(c.now as Flag) : 'no flag'}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
