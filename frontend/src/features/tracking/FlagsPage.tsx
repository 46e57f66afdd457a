import { Link, useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { seesCharacteristics } from '../auth/permissions';
import { useApi, useMe } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { PointSelect, Select, SubjectSelect } from './Controls';
import { FlagChip } from './FlagChip';
import { attainmentLabel, FLAG_LABELS, FLAGS, gainText, pointName, SUBGROUP_LABELS, SUBGROUPS } from './format';
import { choicesToParams, flagsFor, parseChoices, type TrackingChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import { loadFlags, type SchoolContext } from './trackingApi';
import { schoolYearGroups } from './TransitionPage';
import type { PupilFlags } from './types';

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
  };
  const flags = useApiQuery(`tracking/flags/${schoolId}/${JSON.stringify(query)}`, () => loadFlags(api, schoolId, query));
  function apply(next: Partial<TrackingChoices>) {
    setParams(choicesToParams({ ...choices, ...next }));
  }
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
      </form>
      {flags.status === 'loading' ? <Loading label="Loading the pupils…" /> : null}
      {flags.status === 'failed' ? <ErrorPanel error={flags.error} onRetry={flags.reload} /> : null}
      <p className="results-count" role="status">
        {flags.status === 'done' ? `${flags.data.items.length} ${flags.data.items.length === 1 ? 'pupil' : 'pupils'}.` : ''}
      </p>
      {flags.status === 'done' ? <FlagsTable flags={flags.data} subject={query.subject} /> : null}
    </>
  );
}

function FlagsTable({ flags, subject }: { flags: PupilFlags; subject: string }) {
  if (!flags.items.length) {
    return (
      <div className="panel">
        <p>No pupils match these filters.</p>
      </div>
    );
  }
  const since = flags.from_point ? ` since ${pointName(flags.from_point)}` : '';
  return (
    <div className="table-wrap">
      <table className="table table--compact tracking-flags">
        <caption className="visually-hidden">
          Pupils' {subject} at {pointName(flags.point)} and their progress{since}
        </caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">Year group</th>
            <th scope="col">Step before</th>
            <th scope="col">Step now</th>
            <th scope="col">ARE step</th>
            <th scope="col">Attainment</th>
            <th scope="col" className="numeric">Gain</th>
            <th scope="col" className="numeric">Expected gain</th>
            <th scope="col">Flag</th>
          </tr>
        </thead>
        <tbody>
          {flags.items.map((p) => (
            <tr key={p.pupil_id}>
              <th scope="row">
                <Link to={`/pupils/${p.pupil_id}`}>{`${p.first_name} ${p.last_name}`}</Link>
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
                {p.muted_reason ? <span className="table__sub">Muted: {p.muted_reason}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
