import { useSearchParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { PointSelect, Select, SubjectSelect } from './Controls';
import { GapsChart } from './GapsChart';
import { countText, gainText, percentText, pointName, pointsText, SUBGROUP_LABELS, withheldKey } from './format';
import { gapYearGroups } from './gapsChart';
import { choicesToParams, parseChoices, type TrackingChoices } from './params';
import { SchoolTracking } from './SchoolTracking';
import { loadGaps, type SchoolContext } from './trackingApi';
import type { GapTable, GroupMeasures } from './types';

export function GapsPage() {
  return <SchoolTracking view="gaps">{(context) => <GapsView context={context} />}</SchoolTracking>;
}

function GapsView({ context }: { context: SchoolContext }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const schoolId = context.school.id;
  const query = { subject: choices.subject === 'combined' ? 'reading' : choices.subject, point_id: choices.point ?? undefined };
  const table = useApiQuery(`tracking/gaps/${schoolId}/${JSON.stringify(query)}`, () => loadGaps(api, schoolId, query));
  function apply(next: Partial<TrackingChoices>) {
    setParams(choicesToParams({ ...choices, ...next }));
  }
  const yearGroups = table.status === 'done' ? gapYearGroups(table.data.gaps) : ['all'];
  const yearGroup = choices.yearGroup && yearGroups.includes(choices.yearGroup) ? choices.yearGroup : 'all';
  return (
    <>
      <form className="filters" aria-label="Gaps" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          <SubjectSelect subjects={context.subjects} combined={false} value={query.subject} onChange={(subject) => apply({ subject })} />
          <PointSelect points={context.points} value={choices.point} onChange={(point) => apply({ point })} />
          <Select
            id="tracking-year-group"
            label="Year group"
            value={yearGroup}
            options={yearGroups.map((g): [string, string] => [g, g === 'all' ? 'Whole school' : yearGroupLabel(g)])}
            onChange={(v) => apply({ yearGroup: v === 'all' ? null : v })}
          />
        </div>
      </form>
      {table.status === 'loading' ? <Loading label="Loading the gaps…" /> : null}
      {table.status === 'failed' ? <ErrorPanel error={table.error} onRetry={table.reload} /> : null}
      {table.status === 'done' ? <GapsResult table={table.data} yearGroup={yearGroup} /> : null}
    </>
  );
}

function measures(m: GroupMeasures): string[] {
  return [
    countText(m.size, m.suppressed),
    percentText(m.percent_at_or_above, m.suppressed),
    percentText(m.percent_expected_or_better, m.suppressed),
    m.suppressed ? '—' : gainText(m.average_gain),
  ];
}

function GapsResult({ table, yearGroup }: { table: GapTable; yearGroup: string }) {
  const gaps = table.gaps.filter((g) => g.year_group === yearGroup);
  const who = yearGroup === 'all' ? 'Whole school' : yearGroupLabel(yearGroup);
  const since = table.from_point ? ` (progress since ${pointName(table.from_point)})` : '';
  const title = `${who}, ${table.subject} at ${pointName(table.point)}${since}: each group against the rest`;
  const threshold = table.suppression_threshold;
  if (!gaps.length) {
    return (
      <div className="panel">
        <p>No gaps to show for {who.toLowerCase()}.</p>
      </div>
    );
  }
  return (
    <>
      {threshold ? <p className="muted tracking-key">{withheldKey(threshold)}</p> : null}
      <GapsChart gaps={gaps} title={title} />
      <div className="table-wrap">
        <table className="table table--compact">
          <caption>{title}, as a table</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Who</th>
              <th scope="col" className="numeric">Pupils</th>
              <th scope="col" className="numeric">% at or above ARE</th>
              <th scope="col" className="numeric">% expected progress or better</th>
              <th scope="col" className="numeric">Average gain</th>
              <th scope="col" className="numeric">Gap (% points)</th>
              <th scope="col" className="numeric">Gap (pupils)</th>
            </tr>
          </thead>
          <tbody>
            {gaps.flatMap((g) => [
              <tr key={`${g.subgroup}-group`}>
                <th scope="row" rowSpan={2}>
                  {SUBGROUP_LABELS[g.subgroup]}
                </th>
                <td>The group</td>
                {measures(g.group).map((v, i) => (
                  <td key={i} className="numeric">{v}</td>
                ))}
                <td rowSpan={2} className="numeric">{pointsText(g.gap_percent)}</td>
                <td rowSpan={2} className="numeric">{g.gap_pupils ?? '—'}</td>
              </tr>,
              <tr key={`${g.subgroup}-rest`}>
                <td>The rest</td>
                {measures(g.rest).map((v, i) => (
                  <td key={i} className="numeric">{v}</td>
                ))}
              </tr>,
            ])}
          </tbody>
        </table>
      </div>
    </>
  );
}
