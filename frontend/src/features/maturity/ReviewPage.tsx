import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { loadActivePriorities } from '../plans/plansApi';
import { levelText, loadReview, sendToPlan, STATES, updateReview, type AreaUpdate, type Review, type ReviewState } from './maturityApi';

const MAX_ID = 2_147_483_647;

/** One review, as the step it is at asks: the school scores it, the peer challenges it, the
 * school responds and agrees it; once agreed it is a record. */
export function ReviewPage() {
  const api = useApi();
  const raw = useParams().reviewId;
  const reviewId = raw && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null;
  const review = useApiQuery(`maturity-review/${reviewId}`, () =>
    reviewId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadReview(api, reviewId),
  );
  useDocumentTitle(review.status === 'done' ? review.data.title : 'Review');
  if (review.status === 'loading') return <Loading label="Loading the review…" />;
  if (review.status === 'failed') return <ErrorPanel error={review.error} onRetry={review.reload} />;
  return <ReviewView key={review.data.version} review={review.data} onSaved={review.reload} />;
}

type Step = 'score' | 'challenge' | 'agree' | null;

function stepOf(review: Review): Step {
  if (review.acting_as === 'school' && review.state === 'draft') return 'score';
  if (review.acting_as === 'challenger' && review.state === 'submitted') return 'challenge';
  if (review.acting_as === 'school' && review.state === 'challenged') return 'agree';
  return null;
}

const NEXT: Record<Exclude<Step, null>, { to: ReviewState; label: string }> = {
  score: { to: 'submitted', label: 'Submit for challenge' },
  challenge: { to: 'challenged', label: 'Send the challenge to the school' },
  agree: { to: 'agreed', label: 'Agree the scores' },
};

type Link_ = Review['areas'][number]['evidence_links'][number];

const LINK_KINDS: Record<Link_['kind'], string> = {
  plan: 'Plan',
  measure: 'Measure',
  meeting: 'Pupil progress meeting',
  intervention: 'Intervention',
  monitoring: 'Monitoring activity',
};

/** Where a link to a Termwise record goes in the app (a measure has no page of its own). */
function linkTarget(link: Link_): string | null {
  const pages: Record<Link_['kind'], string | null> = {
    plan: `/plans/${link.ref}`,
    meeting: `/meetings/${link.ref}`,
    intervention: `/interventions/${link.ref}`,
    monitoring: `/monitoring-activities/${link.ref}`,
    measure: null,
  };
  return pages[link.kind];
}

function EvidenceLinks({ links }: { links: readonly Link_[] }) {
  return (
    <ul className="evidence-links">
      {links.map((link) => {
        const target = linkTarget(link);
        const label = `${LINK_KINDS[link.kind]} ${link.ref}`;
        return <li key={`${link.kind}-${link.ref}`}>{target ? <Link to={target}>{label}</Link> : label}</li>;
      })}
    </ul>
  );
}

interface Draft {
  links: Link_[];
  self: string;
  evidence: string;
  actions: string;
  challenge: string;
  challenged: string;
  response: string;
  agreed: string;
}

function ReviewView({ review, onSaved }: { review: Review; onSaved: () => void }) {
  const api = useApi();
  const step = stepOf(review);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      review.areas.map((a) => [
        a.area,
        {
          links: a.evidence_links,
          self: a.self_score?.toString() ?? '',
          evidence: a.evidence ?? '',
          actions: a.key_actions ?? '',
          challenge: a.challenge ?? '',
          challenged: (a.challenged_score ?? a.self_score)?.toString() ?? '',
          response: a.response ?? '',
          agreed: (a.agreed_score ?? a.challenged_score)?.toString() ?? '',
        },
      ]),
    ),
  );
  const [challenger, setChallenger] = useState(review.challenger_email ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (area: string, key: keyof Draft) => (e: { target: { value: string } }) =>
    setDrafts({ ...drafts, [area]: { ...drafts[area]!, [key]: e.target.value } });
  const number = (value: string) => (value === '' ? null : Number(value));

  function areas(): AreaUpdate[] {
    return review.areas.map((a) => {
      const d = drafts[a.area]!;
      if (step === 'score')
        return { area: a.area, self_score: number(d.self), evidence: d.evidence || null, evidence_links: d.links, key_actions: d.actions || null };
      if (step === 'challenge') return { area: a.area, challenge: d.challenge || null, challenged_score: number(d.challenged) };
      return { area: a.area, response: d.response || null, agreed_score: number(d.agreed) };
    });
  }

  async function save(move: boolean) {
    if (step === null) return;
    setErrors({});
    setProblem(null);
    try {
      await updateReview(api, review, {
        areas: areas(),
        ...(step === 'score' ? { challenger_email: challenger.trim() || null } : {}),
        ...(move ? { move_to: NEXT[step].to } : {}),
      });
      onSaved();
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(userMessage(error));
    }
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(false);
  }
  const levelOptions = (
    <>
      <option value="">Not scored</option>
      {review.levels.map((l) => (
        <option key={String(l.value)} value={String(l.value)}>
          {String(l.name)} ({String(l.value)})
        </option>
      ))}
    </>
  );
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            {review.acting_as === 'challenger' ? review.school_name : <Link to={`/schools/${review.school_id}/maturity`}>{review.school_name}: peer review</Link>}
          </li>
          <li aria-current="page">{review.title}</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">{review.title}</h1>
        <p className="page-header__lead">
          {review.school_name} · {review.framework_name} · {formatDate(review.held_on)} · <strong>{STATES[review.state]}</strong>
          {review.challenger_name ? ` · challenged by ${review.challenger_name}` : ''}
        </p>
        {review.state === 'agreed' ? (
          <p className="notice notice--success">
            Agreed by {review.agreed_by}. Overall: {levelText(review.levels, review.overall)} (rule {review.overall_rule}: the mean
            of the agreed scores rounded down, and never more than one level above the lowest area).
          </p>
        ) : null}
      </header>
      <form aria-label="The review" onSubmit={submit} noValidate>
        {review.areas.map((a, index) => {
          const d = drafts[a.area]!;
          const id = `area-${a.area}`;
          return (
            <section className="card" key={a.area} aria-labelledby={id}>
              <h2 id={id} className="card__title">
                {a.name}
              </h2>
              <details>
                <summary>What each level looks like, and questions to ask</summary>
                <dl className="details details--compact">
                  {review.levels.map((l) => (
                    <div className="details__row" key={String(l.value)}>
                      <dt>{String(l.name)}</dt>
                      <dd>{a.descriptors[String(l.value)]}</dd>
                    </div>
                  ))}
                </dl>
                {a.prompts.length ? (
                  <ul>
                    {a.prompts.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : null}
              </details>
              {step === 'score' ? (
                <div className="form-row">
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-self`}>
                      Best fit
                    </label>
                    <select id={`${id}-self`} className="field__input field__select" value={d.self} onChange={set(a.area, 'self')}>
                      {levelOptions}
                    </select>
                    {errors[`/areas/${index}/self_score`] ? <p className="field__error">{errors[`/areas/${index}/self_score`]}</p> : null}
                  </div>
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-evidence`}>
                      Evidence
                    </label>
                    <textarea id={`${id}-evidence`} className="field__input" value={d.evidence} onChange={set(a.area, 'evidence')} />
                  </div>
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-actions`}>
                      Key actions to reach the next level
                    </label>
                    <textarea id={`${id}-actions`} className="field__input" value={d.actions} onChange={set(a.area, 'actions')} />
                  </div>
                  <LinkEditor
                    id={id}
                    name={a.name}
                    links={d.links}
                    error={Object.entries(errors).find(([k]) => k.startsWith(`/areas/${index}/evidence_links`))?.[1]}
                    onChange={(links) => setDrafts({ ...drafts, [a.area]: { ...d, links } })}
                  />
                </div>
              ) : (
                <dl className="details details--compact">
                  <div className="details__row">
                    <dt>The school's best fit</dt>
                    <dd>{levelText(review.levels, a.self_score)}</dd>
                  </div>
                  {a.evidence || a.evidence_links.length ? (
                    <div className="details__row">
                      <dt>Evidence</dt>
                      <dd>
                        {a.evidence}
                        {a.evidence_links.length ? <EvidenceLinks links={a.evidence_links} /> : null}
                      </dd>
                    </div>
                  ) : null}
                  {a.key_actions ? (
                    <div className="details__row">
                      <dt>Key actions</dt>
                      <dd>{a.key_actions}</dd>
                    </div>
                  ) : null}
                  {a.challenge || a.challenged_score !== null ? (
                    <div className="details__row">
                      <dt>The peer's challenge</dt>
                      <dd>
                        {levelText(review.levels, a.challenged_score)}
                        {a.challenge ? `: ${a.challenge}` : ''}
                      </dd>
                    </div>
                  ) : null}
                  {a.response ? (
                    <div className="details__row">
                      <dt>The school's response</dt>
                      <dd>{a.response}</dd>
                    </div>
                  ) : null}
                  {a.agreed_score !== null ? (
                    <div className="details__row">
                      <dt>Agreed</dt>
                      <dd>{levelText(review.levels, a.agreed_score)}</dd>
                    </div>
                  ) : null}
                </dl>
              )}
              {review.acting_as === 'school' && a.key_actions ? <SendToPlan review={review} area={a.area} name={a.name} /> : null}
              {step === 'challenge' ? (
                <div className="form-row">
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-challenged`}>
                      Your score
                    </label>
                    <select id={`${id}-challenged`} className="field__input field__select" value={d.challenged} onChange={set(a.area, 'challenged')}>
                      {levelOptions}
                    </select>
                  </div>
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-challenge`}>
                      Challenge
                    </label>
                    <textarea id={`${id}-challenge`} className="field__input" value={d.challenge} onChange={set(a.area, 'challenge')} />
                  </div>
                </div>
              ) : null}
              {step === 'agree' ? (
                <div className="form-row">
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-response`}>
                      The school's response
                    </label>
                    <textarea id={`${id}-response`} className="field__input" value={d.response} onChange={set(a.area, 'response')} />
                  </div>
                  <div className="field">
                    <label className="field__label" htmlFor={`${id}-agreed`}>
                      Agreed score
                    </label>
                    <select id={`${id}-agreed`} className="field__input field__select" value={d.agreed} onChange={set(a.area, 'agreed')}>
                      {levelOptions}
                    </select>
                  </div>
                </div>
              ) : null}
            </section>
          );
        })}
        {step === 'score' ? (
          <div className="card">
            <div className="field">
              <label className="field__label" htmlFor="review-challenger">
                The peer who will challenge it (their e-mail: someone at another school)
              </label>
              <input id="review-challenger" className="field__input" type="email" value={challenger} onChange={(e) => setChallenger(e.target.value)} />
              {errors['/challenger_email'] ? <p className="field__error">{errors['/challenger_email']}</p> : null}
            </div>
          </div>
        ) : null}
        {problem ? (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
        {step !== null ? (
          <div className="plan-form__actions">
            <button type="submit" className="button button--secondary">
              Save
            </button>
            <button type="button" className="button button--primary" onClick={() => void save(true)}>
              {NEXT[step].label}
            </button>
          </div>
        ) : null}
      </form>
    </>
  );
}

/** An area's key actions into the school's plan, under a priority of an active plan. */
function SendToPlan({ review, area, name }: { review: Review; area: string; name: string }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const priorities = useApiQuery(`maturity/priorities/${review.school_id}/${open}`, () =>
    open ? loadActivePriorities(api, review.school_id) : Promise.resolve([]),
  );
  const [chosen, setChosen] = useState('');
  const [due, setDue] = useState('');
  const [done, setDone] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = priorities.status === 'done' ? priorities.data : [];
  async function send() {
    setProblem(null);
    const target = options.find((p) => String(p.priorityId) === chosen) ?? options[0];
    if (!target) return setProblem('The school has no active plan to add it to.');
    try {
      await sendToPlan(api, review.id, area, { plan_id: target.planId, priority_id: target.priorityId, due_on: due });
      setDone(target.planId);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  if (done !== null) {
    return (
      <p className="notice notice--success" role="status">
        Added to <Link to={`/plans/${done}`}>the plan</Link>.
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button button--link" onClick={() => setOpen(true)}>
        Send the key actions for {name} to the plan
      </button>
    );
  }
  return (
    <div className="form-row" role="group" aria-label={`Send the key actions for ${name} to the plan`}>
      <div className="field">
        <label className="field__label" htmlFor={`to-plan-${area}`}>
          Under the priority
        </label>
        <select id={`to-plan-${area}`} className="field__input field__select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {options.map((p) => (
            <option key={p.priorityId} value={p.priorityId}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`to-plan-due-${area}`}>
          Due
        </label>
        <input id={`to-plan-due-${area}`} className="field__input" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <button type="button" className="button button--secondary" disabled={priorities.status !== 'done'} onClick={() => void send()}>
        Add to the plan
      </button>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The links to Termwise records an area's evidence points to: add one by its kind and id (a
 * measure by its code), or take one away. */
function LinkEditor({
  id,
  name,
  links,
  error,
  onChange,
}: {
  id: string;
  name: string;
  links: Link_[];
  error: string | undefined;
  onChange: (links: Link_[]) => void;
}) {
  const [kind, setKind] = useState<Link_['kind']>('plan');
  const [ref, setRef] = useState('');
  return (
    <div className="field" role="group" aria-label={`Evidence links for ${name}`}>
      <span className="field__label">Links to Termwise records</span>
      {links.length ? (
        <ul className="evidence-links">
          {links.map((link, i) => (
            <li key={`${link.kind}-${link.ref}`}>
              {LINK_KINDS[link.kind]} {link.ref}{' '}
              <button type="button" className="button button--link" onClick={() => onChange(links.filter((_, j) => j !== i))}>
                Remove<span className="visually-hidden"> {LINK_KINDS[link.kind]} {link.ref}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="form-row">
        <select aria-label="Kind of record" className="field__input field__select" value={kind} onChange={(e) => setKind(e.target.value as Link_['kind'])}>
          {Object.entries(LINK_KINDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <input id={`${id}-link`} aria-label="Its number, or a measure's code" className="field__input" value={ref} onChange={(e) => setRef(e.target.value)} />
        <button
          type="button"
          className="button button--secondary"
          disabled={!ref.trim()}
          onClick={() => {
            onChange([...links, { kind, ref: ref.trim() }]);
            setRef('');
          }}
        >
          Add the link
        </button>
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}
