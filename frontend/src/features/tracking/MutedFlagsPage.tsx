import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { mayMuteFlags } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { formatDateTime } from '../imports/when';
import { Select, subjectOptions } from './Controls';
import { FlagChip } from './FlagChip';
import { pointName } from './format';
import { MuteProblemNotice } from './MuteProblemNotice';
import { muteProblem, pointLabel, subjectLabel, type MuteProblem } from './mutes';
import { loadMutes, unmuteFlag } from './mutesApi';
import { choicesToParams, parseChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import type { SchoolContext } from './trackingApi';
import type { MutedFlag } from './types';

export function MutedFlagsPage() {
  return <SchoolTracking view="mutes">{(context) => <MutedFlagsView context={context} />}</SchoolTracking>;
}

function MutedFlagsView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // No subject chosen lists every subject's mutes; "combined" has no flags of its own.
  const choices = parseChoices(params, '');
  const subject = choices.subject === 'combined' ? '' : choices.subject;
  const schoolId = context.school.id;
  const query = { subject: subject || undefined, point_id: choices.point ?? undefined };
  const list = usePagedQuery(`tracking/mutes/${schoolId}/${JSON.stringify(query)}`, (cursor) =>
    loadMutes(api, schoolId, query, cursor),
  );
  // Unmuted here: gone from the list without reading it again (and losing the pages loaded).
  const [unmuted, setUnmuted] = useState<ReadonlySet<number>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const mayUnmute = mayMuteFlags(me, context.school);

  function apply(next: { subject?: string; point?: number | null }) {
    setDone(null);
    setParams(choicesToParams({ subject: next.subject ?? subject, point: next.point === undefined ? choices.point : next.point }));
  }
  function onUnmuted(mute: MutedFlag) {
    setUnmuted(new Set([...unmuted, mute.id]));
    setDone(`Unmuted the flag of ${mute.first_name} ${mute.last_name}. It shows in the lists again.`);
  }
  function reload() {
    setUnmuted(new Set());
    setDone(null);
    list.reload();
  }
  const shown = list.status === 'done' ? list.items.filter((m) => !unmuted.has(m.id)) : [];

  return (
    <>
      <form className="filters" aria-label="Muted flags" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <Select
            id="tracking-subject"
            label="Subject"
            value={subject}
            options={[['', 'All subjects'], ...subjectOptions(context.subjects, false)]}
            onChange={(v) => apply({ subject: v })}
          />
          <Select
            id="tracking-point"
            label="Assessment point"
            value={choices.point ? String(choices.point) : ''}
            options={[['', 'All points'], ...context.points.map((p): [string, string] => [String(p.id), pointName(p)])]}
            onChange={(v) => apply({ point: v ? Number(v) : null })}
          />
        </div>
      </form>
      {list.status === 'loading' ? <Loading label="Loading the muted flags…" /> : null}
      {list.status === 'failed' ? <ErrorPanel error={list.error} onRetry={list.reload} /> : null}
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      <p className="results-count" role="status">
        {list.status === 'done' ? countText(shown.length, list.hasMore) : ''}
      </p>
      {list.status === 'done' && shown.length === 0 && !list.hasMore ? (
        <div className="panel">
          <p>{subject || choices.point ? 'No flags are muted for these choices.' : 'No flags are muted at this school.'}</p>
        </div>
      ) : null}
      {list.status === 'done' && shown.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--compact muted-flags">
            <caption className="visually-hidden">Muted flags at {context.school.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Subject</th>
                <th scope="col">Point</th>
                <th scope="col">Flag</th>
                <th scope="col">Reason</th>
                <th scope="col">Muted by</th>
                <th scope="col">When</th>
                {mayUnmute ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <MuteRow
                  key={m.id}
                  mute={m}
                  context={context}
                  onUnmuted={mayUnmute ? onUnmuted : null}
                  onReload={reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.status === 'done' && list.moreError ? (
        <p className="notice notice--error" role="alert">
          {userMessage(list.moreError)}
        </p>
      ) : null}
      {list.status === 'done' && list.hasMore ? (
        <div className="load-more">
          <button className="button button--secondary" type="button" onClick={list.loadMore} aria-disabled={list.loadingMore}>
            {list.loadingMore ? 'Loading more muted flags…' : 'More muted flags'}
          </button>
        </div>
      ) : null}
    </>
  );
}

function countText(count: number, hasMore: boolean): string {
  const flags = `${count} muted ${count === 1 ? 'flag' : 'flags'}`;
  return hasMore ? `${flags} shown, newest first; there are more.` : `${flags}.`;
}

function MuteRow({
  mute,
  context,
  onUnmuted,
  onReload,
}: {
  mute: MutedFlag;
  context: SchoolContext;
  /** Null for staff who may read the mutes but not undo them. */
  onUnmuted: ((mute: MutedFlag) => void) | null;
  onReload: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MuteProblem | null>(null);
  const name = `${mute.first_name} ${mute.last_name}`;

  async function unmute() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await unmuteFlag(api, mute.id);
      onUnmuted?.(mute);
    } catch (caught: unknown) {
      setProblem(muteProblem(caught, mute.flag));
      setBusy(false);
    }
  }

  return (
    <tr>
      <th scope="row">
        <Link to={`/pupils/${mute.pupil_id}`}>{name}</Link>
      </th>
      <td>{subjectLabel(context.subjects, mute.subject)}</td>
      <td>{pointLabel(context.points, mute.point_id)}</td>
      <td>
        <FlagChip flag={mute.flag} />
      </td>
      <td className="muted-flags__reason">{mute.reason}</td>
      <td className="muted-flags__who">{mute.muted_by}</td>
      <td>
        <time dateTime={mute.created_at}>{formatDateTime(mute.created_at)}</time>
      </td>
      {onUnmuted ? (
        <td>
          <button
            type="button"
            className="button button--link tracking-flags__action"
            aria-disabled={busy}
            onClick={unmute}
          >
            {busy ? 'Unmuting…' : 'Unmute'}
            <span className="visually-hidden"> the flag of {name}</span>
          </button>
          <MuteProblemNotice problem={problem} onReload={onReload} />
        </td>
      ) : null}
    </tr>
  );
}
