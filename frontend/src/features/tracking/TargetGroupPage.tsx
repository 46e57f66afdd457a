import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { startLink } from '../interventions/interventionsApi';
import type { SchoolRead } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { mayEditTargetGroups } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { yearGroupLabel } from '../schools/format';
import { FlagChip } from './FlagChip';
import { percentText } from './format';
import { NAME_MAX, nameError, saveProblem, type SaveProblem } from './groupEdits';
import { parseId, SchoolTracking } from './SchoolTracking';
import { loadGroup, updateTargetGroup, type GroupRecord, type VersionedGroup } from './targetGroupsApi';
import { TERM_NAMES } from './term';
import type { TargetGroupUpdate } from './types';

export function TargetGroupPage() {
  return <SchoolTracking view="target-groups">{(context) => <GroupLoader school={context.school} />}</SchoolTracking>;
}

function GroupLoader({ school }: { school: SchoolRead }) {
  const api = useApi();
  const me = useMe();
  const groupId = parseId(useParams().groupId);
  const record = useApiQuery(`tracking/target-group/${groupId}`, () =>
    groupId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadGroup(api, groupId),
  );
  if (record.status === 'loading') return <Loading label="Loading the group…" />;
  if (record.status === 'failed') return <ErrorPanel error={record.error} onRetry={record.reload} />;
  return <GroupView record={record.data} editable={mayEditTargetGroups(me, school)} onReload={record.reload} />;
}

function GroupView({ record, editable, onReload }: { record: GroupRecord; editable: boolean; onReload: () => void }) {
  // The group as last saved here: a rename or an archive changes it (and its ETag), not its progress.
  const [saved, setSaved] = useState<VersionedGroup>({ group: record.group, etag: record.etag });
  const { group } = saved;
  const { progress } = record;
  const measures = new Map(progress.measures.map((m) => [m.point_id, m]));
  return (
    <section className="card" aria-labelledby="group-title">
      <h2 id="group-title" className="card__title">
        {group.name}
      </h2>
      <p className="muted">
        {group.subject}, {TERM_NAMES[group.term]} term {group.academic_year} · {group.member_count}{' '}
        {group.member_count === 1 ? 'pupil' : 'pupils'} · created by {group.created_by}
      </p>
      {group.archived_at ? (
        <p className="notice notice--info">
          Archived on {formatDateTime(group.archived_at)}: the group is left out of the list of target groups unless
          archived groups are shown.
        </p>
      ) : null}
      {editable ? <GroupEdits saved={saved} onSaved={setSaved} onReload={onReload} /> : null}
      {progress.pupils.length && !group.archived_at ? (
        <p>
          <Link
            className="button button--secondary"
            to={startLink(
              group.school_id,
              progress.pupils.map((p) => p.pupil_id),
              group.subject,
              group.name,
            )}
          >
            Start an intervention for the group
          </Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table table--compact group-progress">
          <caption>
            {group.name}: each member's step and flag at every point of {progress.academic_year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Year group</th>
              {progress.points.map((p) => (
                <th scope="col" key={p.id}>
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progress.pupils.map((pupil) => (
              <tr key={pupil.pupil_id}>
                <th scope="row">
                  <Link to={`/pupils/${pupil.pupil_id}`}>{`${pupil.first_name} ${pupil.last_name}`}</Link>
                </th>
                <td>{yearGroupLabel(pupil.year_group)}</td>
                {progress.points.map((p) => {
                  const placement = pupil.placements.find((x) => x.point_id === p.id);
                  return (
                    <td key={p.id}>
                      {placement?.step ? (
                        <>
                          {placement.step} <FlagChip flag={placement.flag} />
                        </>
                      ) : (
                        <span className="muted">No result</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                % at or above ARE
              </th>
              {progress.points.map((p) => {
                const m = measures.get(p.id);
                return (
                  <td key={p.id} className="numeric">
                    {m && m.assessed ? percentText(m.percent_at_or_above) : '—'}
                  </td>
                );
              })}
            </tr>
            <tr>
              <th scope="row" colSpan={2}>
                % expected progress or better
              </th>
              {progress.points.map((p) => {
                const m = measures.get(p.id);
                return (
                  <td key={p.id} className="numeric">
                    {m && m.assessed ? percentText(m.percent_expected_or_better) : '—'}
                  </td>
                );
              })}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** Rename, archive and restore, each sent with the ETag the page last read (If-Match). */
function GroupEdits({
  saved,
  onSaved,
  onReload,
}: {
  saved: VersionedGroup;
  onSaved: (next: VersionedGroup) => void;
  onReload: () => void;
}) {
  const api = useApi();
  const { group, etag } = saved;
  const archived = group.archived_at !== null;
  const [renaming, setRenaming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // Back to the Rename button once the name is saved or the form closed.
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  async function save(body: TargetGroupUpdate, message: string): Promise<boolean> {
    if (saving) return false;
    setSaving(true);
    setProblem(null);
    setDone(null);
    try {
      onSaved(await updateTargetGroup(api, group.id, etag, body));
      setDone(message);
      return true;
    } catch (caught: unknown) {
      setProblem(saveProblem(caught));
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function rename(name: string) {
    if (name === group.name || (await save({ name }, `Renamed the group to “${name}”.`))) setRenaming(false);
  }

  return (
    <div className="group-edits">
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {problem?.kind === 'stale' ? (
        <div className="notice notice--error" role="alert">
          <p>{problem.message}</p>
          <button type="button" className="button button--secondary" onClick={onReload}>
            Reload the group
          </button>
        </div>
      ) : null}
      {problem?.kind === 'other' ? (
        <p className="notice notice--error" role="alert">
          {problem.message}
        </p>
      ) : null}
      {renaming ? (
        <RenameForm
          name={group.name}
          saving={saving}
          refused={problem?.kind === 'name' ? problem.message : null}
          onSave={rename}
          onEdit={() => setProblem((p) => (p?.kind === 'name' ? null : p))}
          onCancel={() => {
            setProblem(null);
            setRenaming(false);
          }}
        />
      ) : (
        <div className="group-edits__buttons">
          <button
            ref={renameButton}
            type="button"
            className="button button--secondary"
            onClick={() => {
              setProblem(null);
              setDone(null);
              setRenaming(true);
            }}
          >
            Rename
          </button>
          <button
            type="button"
            className="button button--secondary"
            aria-disabled={saving}
            onClick={() =>
              void save(
                { archived: !archived },
                archived ? 'Restored the group: it is listed with the term’s groups again.' : 'Archived the group.',
              )
            }
          >
            {archived ? 'Restore' : 'Archive'}
          </button>
        </div>
      )}
    </div>
  );
}

function RenameForm({
  name,
  saving,
  refused,
  onSave,
  onEdit,
  onCancel,
}: {
  name: string;
  saving: boolean;
  /** Why the server refused the last name sent (not valid, or taken in that subject that term). */
  refused: string | null;
  onSave: (name: string) => void;
  /** The name is being changed: a refusal of the last one no longer applies. */
  onEdit: () => void;
  onCancel: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(name);
  const [invalid, setInvalid] = useState<string | null>(null);
  const error = invalid ?? refused;

  useEffect(() => {
    if (refused) field.current?.focus();
  }, [refused]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const problem = nameError(draft);
    setInvalid(problem);
    if (problem) return field.current?.focus();
    onSave(draft.trim());
  }

  return (
    <form className="form rename-form" aria-label="Rename the group" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor="group-new-name">
          New name
        </label>
        {error ? (
          <p className="field__error" id="group-new-name-error">
            {error}
          </p>
        ) : null}
        <input
          ref={field}
          id="group-new-name"
          className="field__input"
          value={draft}
          maxLength={NAME_MAX}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'group-new-name-error' : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setInvalid(null);
            onEdit();
          }}
        />
      </div>
      <div className="rename-form__buttons">
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? 'Saving…' : 'Save the name'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
