import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { startLink } from '../interventions/interventionsApi';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { mayMuteFlags, seesCharacteristics } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { PointSelect, Select, SubjectSelect, Toggle } from './Controls';
import { FlagChip } from './FlagChip';
import { attainmentLabel, FLAG_LABELS, FLAGS, gainText, pointName, SUBGROUP_LABELS, SUBGROUPS } from './format';
import { MuteProblemNotice } from './MuteProblemNotice';
import { muteProblem, REASON_MAX, reasonError, type MuteProblem } from './mutes';
import { muteFlag, unmuteFlag } from './mutesApi';
import { choicesToParams, flagsFor, parseChoices, type TrackingChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import { loadFlags, type SchoolContext } from './trackingApi';
import { schoolYearGroups } from './TransitionPage';
import type { Flag, PupilFlag, PupilFlags } from './types';

export function FlagsPage() {
  return <SchoolTracking view="flags">{(context) => <FlagsView context={context} />}</SchoolTracking>;
}

function FlagsView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const characteristics = seesCharacteristics(me);
  const schoolId = context.school.id;
  const query = {
    subject: choices.subject === 'combined' ? 'reading' : choices.subject,
    point_id: choices.point ?? undefined,
    flag: flagsFor(choices.flag),
    year_group: choices.yearGroup ?? undefined,
    class_id: choices.classId ?? undefined,
    subgroup: characteristics ? (choices.subgroup ?? undefined) : undefined,
    include_muted: choices.muted || undefined,
  };
  const flags = useApiQuery(`tracking/flags/${schoolId}/${JSON.stringify(query)}`, () => loadFlags(api, schoolId, query));
  // What the last mute or unmute did, kept above the list so it outlives the list's reload.
  const [done, setDone] = useState<string | null>(null);
  function apply(next: Partial<TrackingChoices>) {
    setDone(null);
    setParams(choicesToParams({ ...choices, ...next }));
  }
  function changed(message: string) {
    setDone(message);
    flags.reload();
  }
  const mayMute = mayMuteFlags(me, context.school);
  const classes = context.classes.filter((c) => !choices.yearGroup || c.year_groups.includes(choices.yearGroup));

  return (
    <>
      <form className="filters" aria-label="Pupil flags" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect subjects={context.subjects} combined={false} value={query.subject} onChange={(subject) => apply({ subject })} />
          <PointSelect points={context.points} value={choices.point} onChange={(point) => apply({ point })} />
          <Select
            id="tracking-year-group"
            label="Year group"
            value={choices.yearGroup ?? ''}
            options={[['', 'All year groups'], ...schoolYearGroups(context).map((g): [string, string] => [g, yearGroupLabel(g)])]}
            onChange={(v) => apply({ yearGroup: v || null, classId: null })}
          />
          <Select
            id="tracking-flag"
            label="Flag"
            value={choices.flag ?? ''}
            options={[
              ['', 'All flags'],
              ['concerns', 'Concerns: stuck, falling behind or slow'],
              ...FLAGS.map((f): [string, string] => [f, FLAG_LABELS[f]]),
            ]}
            onChange={(v) => apply({ flag: v === 'concerns' ? 'concerns' : (FLAGS.find((f) => f === v) ?? null) })}
          />
          <Select
            id="tracking-class"
            label="Class"
            value={choices.classId ? String(choices.classId) : ''}
            options={[['', 'All classes'], ...classes.map((c): [string, string] => [String(c.id), c.name])]}
            onChange={(v) => apply({ classId: v ? Number(v) : null })}
          />
          {characteristics ? (
            <Select
              id="tracking-subgroup"
              label="Subgroup"
              value={choices.subgroup ?? ''}
              options={[['', 'All pupils'], ...SUBGROUPS.map((s): [string, string] => [s, SUBGROUP_LABELS[s]])]}
              onChange={(v) => apply({ subgroup: SUBGROUPS.find((s) => s === v) ?? null })}
            />
          ) : null}
        </div>
        <Toggle
          id="tracking-muted"
          label="Show muted flags"
          checked={choices.muted}
          onChange={(muted) => apply({ muted })}
          hint="Flags a leader has muted are hidden unless shown here, each with the reason it needs no action."
        />
      </form>
      {flags.status === 'loading' ? <Loading label="Loading the pupils…" /> : null}
      {flags.status === 'failed' ? <ErrorPanel error={flags.error} onRetry={flags.reload} /> : null}
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      <p className="results-count" role="status">
        {flags.status === 'done' ? `${flags.data.items.length} ${flags.data.items.length === 1 ? 'pupil' : 'pupils'}.` : ''}
      </p>
      {flags.status === 'done' ? (
        <FlagsTable
          schoolId={schoolId}
          flags={flags.data}
          subject={query.subject}
          muting={
            mayMute
              ? { schoolId, subject: query.subject, pointId: flags.data.point.id, onChanged: changed, onReload: flags.reload }
              : null
          }
        />
      ) : null}
    </>
  );
}

/** What a leader's row actions need: where the flags are, and what to do once one changes. */
interface Muting {
  schoolId: number;
  subject: string;
  pointId: number;
  onChanged: (message: string) => void;
  onReload: () => void;
}

function FlagsTable({ schoolId, flags, subject, muting }: { schoolId: number; flags: PupilFlags; subject: string; muting: Muting | null }) {
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const picked = flags.items.filter((p) => chosen.has(p.pupil_id)).map((p) => p.pupil_id);
  function toggle(pupilId: number, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(pupilId);
    else next.delete(pupilId);
    setChosen(next);
  }
  if (!flags.items.length) {
    return (
      <div className="panel">
        <p>No pupils match these filters.</p>
      </div>
    );
  }
  const since = flags.from_point ? ` since ${pointName(flags.from_point)}` : '';
  return (
    <>
      <p className="tracking-flags__start">
        {picked.length ? (
          <Link className="button button--primary" to={startLink(schoolId, picked, subject)}>
            Start an intervention for {picked.length} chosen {picked.length === 1 ? 'pupil' : 'pupils'}
          </Link>
        ) : (
          <span className="muted">Choose pupils to start an intervention for them.</span>
        )}
      </p>
      <div className="table-wrap">
        <table className="table table--compact tracking-flags">
          <caption className="visually-hidden">
            Pupils' {subject} at {pointName(flags.point)} and their progress{since}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Chosen</span>
              </th>
              <th scope="col">Pupil</th>
              <th scope="col">Year group</th>
              <th scope="col">Step before</th>
              <th scope="col">Step now</th>
              <th scope="col">ARE step</th>
              <th scope="col">Attainment</th>
              <th scope="col" className="numeric">Gain</th>
              <th scope="col" className="numeric">Expected gain</th>
              <th scope="col">Flag</th>
              {muting ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {flags.items.map((p) => (
              <FlagRow key={p.pupil_id} pupil={p} muting={muting} chosen={chosen.has(p.pupil_id)} onChoose={(on) => toggle(p.pupil_id, on)} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The table's columns before the action column. */
const COLUMNS = 10;

function FlagRow({
  pupil: p,
  muting,
  chosen,
  onChoose,
}: {
  pupil: PupilFlag;
  muting: Muting | null;
  chosen: boolean;
  onChoose: (on: boolean) => void;
}) {
  const formId = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const name = `${p.first_name} ${p.last_name}`;
  const muted = p.muted_reason !== null;
  function close() {
    setOpen(false);
    toggle.current?.focus();
  }
  return (
    <>
      <tr>
        <td>
          <input type="checkbox" aria-label={`Choose ${name}`} checked={chosen} onChange={(e) => onChoose(e.target.checked)} />
        </td>
        <th scope="row">
          <Link to={`/pupils/${p.pupil_id}`}>{name}</Link>
        </th>
        <td>{yearGroupLabel(p.year_group)}</td>
        <td>{p.step_before ?? '—'}</td>
        <td>{p.step ?? '—'}</td>
        <td>{p.are_step ?? '—'}</td>
        <td>{attainmentLabel(p.attainment)}</td>
        <td className="numeric">{gainText(p.gain)}</td>
        <td className="numeric">{gainText(p.expected_gain)}</td>
        <td>
          <FlagChip flag={p.flag} />
          {muted ? <span className="table__sub">Muted: {p.muted_reason}</span> : null}
        </td>
        {muting ? (
          <td>
            {muted ? <UnmuteButton pupil={p} name={name} muting={muting} /> : null}
            {!muted && p.flag ? (
              <button
                ref={toggle}
                type="button"
                className="button button--link tracking-flags__action"
                aria-expanded={open}
                aria-controls={open ? formId : undefined}
                onClick={() => setOpen(!open)}
              >
                Mute<span className="visually-hidden"> the flag of {name}</span>…
              </button>
            ) : null}
          </td>
        ) : null}
      </tr>
      {muting && open && p.flag ? (
        <tr className="tracking-flags__form-row">
          <td colSpan={COLUMNS + 1}>
            <MuteForm id={formId} pupil={p} flag={p.flag} name={name} muting={muting} onCancel={close} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MuteForm({
  id,
  pupil,
  flag,
  name,
  muting,
  onCancel,
}: {
  id: string;
  pupil: PupilFlag;
  flag: Flag;
  name: string;
  muting: Muting;
  onCancel: () => void;
}) {
  const api = useApi();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<MuteProblem | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const invalid = reasonError(reason);
    if (invalid) {
      setProblem({ message: null, reason: invalid, stale: false });
      field.current?.focus();
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await muteFlag(api, muting.schoolId, {
        pupil_id: pupil.pupil_id,
        subject: muting.subject,
        point_id: muting.pointId,
        flag,
        reason: reason.trim(),
      });
      muting.onChanged(`Muted the flag of ${name}. It is hidden from this list unless muted flags are shown.`);
    } catch (caught: unknown) {
      const refused = muteProblem(caught, flag);
      setProblem(refused);
      setSaving(false);
      if (refused.reason) field.current?.focus();
    }
  }

  return (
    <form id={id} className="form mute-form" aria-label={`Mute the flag of ${name}`} onSubmit={onSubmit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-reason`}>
          Why does {name}'s “{FLAG_LABELS[flag]}” flag need no action?
        </label>
        <p className="muted mute-form__hint" id={`${id}-hint`}>
          Shown beside the flag, with your name, to everyone who sees the muted flags. Up to {REASON_MAX} characters.
        </p>
        {problem?.reason ? (
          <p className="field__error" id={`${id}-error`}>
            {problem.reason}
          </p>
        ) : null}
        <textarea
          ref={field}
          id={`${id}-reason`}
          className="field__input mute-form__reason"
          value={reason}
          rows={2}
          maxLength={REASON_MAX}
          autoFocus
          aria-invalid={problem?.reason ? true : undefined}
          aria-describedby={problem?.reason ? `${id}-hint ${id}-error` : `${id}-hint`}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem((p) => (p?.reason ? { ...p, reason: null } : p));
          }}
        />
      </div>
      <MuteProblemNotice problem={problem} onReload={muting.onReload} />
      <div className="mute-form__buttons">
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? 'Muting…' : 'Mute the flag'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function UnmuteButton({ pupil, name, muting }: { pupil: PupilFlag; name: string; muting: Muting }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<MuteProblem | null>(null);

  async function unmute() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      if (pupil.mute_id === null) {
        setProblem({ message: 'This flag is no longer muted: someone may have unmuted it already.', reason: null, stale: true });
        setBusy(false);
        return;
      }
      await unmuteFlag(api, pupil.mute_id);
      muting.onChanged(`Unmuted the flag of ${name}. It shows in the lists again.`);
    } catch (caught: unknown) {
      setProblem(muteProblem(caught, pupil.flag));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button--link tracking-flags__action" aria-disabled={busy} onClick={unmute}>
        {busy ? 'Unmuting…' : 'Unmute'}
        <span className="visually-hidden"> the flag of {name}</span>
      </button>
      <MuteProblemNotice problem={problem} onReload={muting.onReload} />
    </>
  );
}
