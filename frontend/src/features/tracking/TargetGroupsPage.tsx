import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { Select, SubjectSelect, Toggle } from './Controls';
import { pointName } from './format';
import { SchoolTracking } from './SchoolTracking';
import { createTargetGroup, loadSuggestions, loadTargetGroups } from './targetGroupsApi';
import { isTerm, reasonLabel, TERM_NAMES, termOf } from './term';
import type { SchoolContext } from './trackingApi';
import type { Suggestions, Term } from './types';

export function TargetGroupsPage() {
  return <SchoolTracking view="target-groups">{(context) => <TargetGroupsView context={context} />}</SchoolTracking>;
}

function TargetGroupsView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const rawSubject = params.get('subject');
  const subject = rawSubject && /^[a-z_]{1,30}$/.test(rawSubject) && rawSubject !== 'combined' ? rawSubject : 'reading';
  const rawTerm = params.get('term');
  const term: Term = isTerm(rawTerm) ? rawTerm : termOf(new Date());
  const archived = params.get('archived') === '1';
  const schoolId = context.school.id;
  const groups = useApiQuery(`tracking/target-groups/${schoolId}/${term}/${subject}/${archived}`, () =>
    loadTargetGroups(api, schoolId, term, subject, archived),
  );
  function apply(next: { subject?: string; term?: Term; archived?: boolean }) {
    const chosen = new URLSearchParams({ subject: next.subject ?? subject, term: next.term ?? term });
    if (next.archived ?? archived) chosen.set('archived', '1');
    setParams(chosen);
  }
  return (
    <>
      <form className="filters" aria-label="Target groups" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect subjects={context.subjects} combined={false} value={subject} onChange={(s) => apply({ subject: s })} />
          <Select
            id="tracking-term"
            label="Term"
            value={term}
            options={(Object.keys(TERM_NAMES) as Term[]).map((t): [string, string] => [t, TERM_NAMES[t]])}
            onChange={(v) => apply({ term: isTerm(v) ? v : term })}
          />
        </div>
        <Toggle
          id="tracking-archived"
          label="Show archived groups"
          checked={archived}
          onChange={(shown) => apply({ archived: shown })}
        />
      </form>
      <section className="card" aria-labelledby="groups-title">
        <h2 id="groups-title" className="card__title">
          {TERM_NAMES[term]} term groups this year
        </h2>
        {groups.status === 'loading' ? <Loading label="Loading the groups…" /> : null}
        {groups.status === 'failed' ? <ErrorPanel error={groups.error} onRetry={groups.reload} /> : null}
        {groups.status === 'done' && groups.data.length === 0 ? (
          <p>
            No target groups for this subject and term yet{archived ? '.' : ' (archived groups are not shown).'}
          </p>
        ) : null}
        {groups.status === 'done' && groups.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table table--compact target-groups">
              <caption className="visually-hidden">Target groups for {TERM_NAMES[term].toLowerCase()} term</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="numeric">Pupils</th>
                  <th scope="col">Created by</th>
                </tr>
              </thead>
              <tbody>
                {groups.data.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">
                      <Link to={`/schools/${schoolId}/tracking/target-groups/${g.id}`}>{g.name}</Link>
                      {g.archived_at ? (
                        <>
                          {' '}
                          <span className="tag">Archived</span>
                        </>
                      ) : null}
                    </th>
                    <td className="numeric">{g.member_count}</td>
                    <td>{g.created_by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <SuggestionsCard schoolId={schoolId} subject={subject} term={term} />
    </>
  );
}

function SuggestionsCard({ schoolId, subject, term }: { schoolId: number; subject: string; term: Term }) {
  const api = useApi();
  const suggestions = useApiQuery(`tracking/suggestions/${schoolId}/${subject}`, () => loadSuggestions(api, schoolId, subject));
  return (
    <section className="card" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title" className="card__title">
        Create a group from the suggestions
      </h2>
      {suggestions.status === 'loading' ? <Loading label="Loading the suggestions…" /> : null}
      {suggestions.status === 'failed' ? <ErrorPanel error={suggestions.error} onRetry={suggestions.reload} /> : null}
      {suggestions.status === 'done' ? (
        <CreateForm key={`${subject}/${term}`} schoolId={schoolId} subject={subject} term={term} suggestions={suggestions.data} />
      ) : null}
    </section>
  );
}

function CreateForm({
  schoolId,
  subject,
  term,
  suggestions,
}: {
  schoolId: number;
  subject: string;
  term: Term;
  suggestions: Suggestions;
}) {
  const api = useApi();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function toggle(id: number) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    if (!name.trim()) return setError('Give the group a name.');
    if (!chosen.size) return setError('Choose at least one pupil.');
    setSaving(true);
    setError(null);
    try {
      const group = await createTargetGroup(api, schoolId, { name: name.trim(), subject, term, pupil_ids: [...chosen] });
      navigate(`/schools/${schoolId}/tracking/target-groups/${group.id}`);
    } catch (caught: unknown) {
      setError(userMessage(caught));
      setSaving(false);
    }
  }

  if (!suggestions.items.length) return <p>No pupils are suggested for {subject} at {pointName(suggestions.point)}.</p>;
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p className="muted">
        Pupils stuck, falling behind, slow, or one step below ARE at {pointName(suggestions.point)}.
      </p>
      <div className="field">
        <label className="field__label" htmlFor="group-name">
          Group name
        </label>
        <input
          id="group-name"
          className="field__input"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <fieldset className="suggestions">
        <legend className="field__label">Suggested pupils</legend>
        <ul className="suggestions__list">
          {suggestions.items.map((s) => (
            <li key={s.pupil_id}>
              <label>
                <input type="checkbox" checked={chosen.has(s.pupil_id)} onChange={() => toggle(s.pupil_id)} />{' '}
                {`${s.first_name} ${s.last_name}`}{' '}
                <span className="muted">
                  ({yearGroupLabel(s.year_group)}, {s.step ?? 'no step'}; {reasonLabel(s.reason)})
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" aria-disabled={saving}>
        {saving ? 'Creating…' : `Create the group (${chosen.size} ${chosen.size === 1 ? 'pupil' : 'pupils'})`}
      </button>
    </form>
  );
}
