import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { ApiError } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { yearGroupLabel } from '../schools/format';
import { FlagChip } from './FlagChip';
import { percentText } from './format';
import { parseId, SchoolTracking } from './SchoolTracking';
import { loadGroup, type GroupRecord } from './targetGroupsApi';
import { TERM_NAMES } from './term';

export function TargetGroupPage() {
  return <SchoolTracking view="target-groups">{() => <GroupLoader />}</SchoolTracking>;
}

function GroupLoader() {
  const api = useApi();
  const groupId = parseId(useParams().groupId);
  const record = useApiQuery(`tracking/target-group/${groupId}`, () =>
    groupId === null ? Promise.reject(new ApiError('notFound', 404, null)) : loadGroup(api, groupId),
  );
  if (record.status === 'loading') return <Loading label="Loading the group…" />;
  if (record.status === 'failed') return <ErrorPanel error={record.error} onRetry={record.reload} />;
  return <GroupView record={record.data} />;
}

function GroupView({ record }: { record: GroupRecord }) {
  const { group, progress } = record;
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
