import { Link, useSearchParams } from 'react-router';
import type { MeRead, TrustRead } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi, useMe } from '../auth/session';
import { PointSelect, Select, SubjectSelect } from './Controls';
import { countText, percentText, pointName, withheldKey } from './format';
import { choicesToParams, parseChoices, type TrackingChoices } from './params';
import { parseId } from './SchoolTracking';
import { loadPoints, loadTrustOverview, loadTrusts } from './trackingApi';
import type { AssessmentPoint, TrustOverview } from './types';
import './tracking.css';

/** The trust the page opens on: the one asked for, else the person's own trust-level grant. */
export function chosenTrust(trusts: readonly TrustRead[], me: MeRead, wanted: number | null): TrustRead | null {
  const own = me.grants.find((g) => g.level === 'trust')?.trust_id ?? null;
  return trusts.find((t) => t.id === wanted) ?? trusts.find((t) => t.id === own) ?? trusts[0] ?? null;
}

export function TrustOverviewPage() {
  const api = useApi();
  useDocumentTitle('Trust overview');
  const trusts = useApiQuery('tracking/trusts', () => loadTrusts(api));
  return (
    <>
      <div className="page-header">
        <h1 className="page-header__title">Trust overview</h1>
        <p className="page-header__lead">Each school's headline measures side by side</p>
      </div>
      {trusts.status === 'loading' ? <Loading label="Loading your trusts…" /> : null}
      {trusts.status === 'failed' ? <ErrorPanel error={trusts.error} onRetry={trusts.reload} /> : null}
      {trusts.status === 'done' ? <TrustChooser trusts={trusts.data} /> : null}
    </>
  );
}

function TrustChooser({ trusts }: { trusts: TrustRead[] }) {
  const api = useApi();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const choices = parseChoices(params);
  const trust = chosenTrust(trusts, me, parseId(params.get('trust') ?? undefined));
  const points = useApiQuery(`tracking/points/${trust?.id}`, () => (trust ? loadPoints(api, trust.id) : Promise.resolve([])));
  function apply(next: Partial<TrackingChoices> & { trust?: number }) {
    const out = choicesToParams({ subject: choices.subject, point: choices.point, ...next });
    const trustId = next.trust ?? (params.get('trust') ? trust?.id : undefined);
    if (trustId) out.set('trust', String(trustId));
    setParams(out);
  }
  if (!trust) {
    return (
      <div className="panel">
        <p>You do not see any trust's schools.</p>
      </div>
    );
  }
  const pointList: AssessmentPoint[] = points.status === 'done' ? points.data : [];
  return (
    <>
      <form className="filters" aria-label="Trust overview" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__grid">
          {trusts.length > 1 ? (
            <Select
              id="tracking-trust"
              label="Trust"
              value={String(trust.id)}
              options={trusts.map((t): [string, string] => [String(t.id), t.name])}
              onChange={(v) => apply({ trust: Number(v), point: null })}
            />
          ) : null}
          <SubjectSelect subjects={[]} combined value={choices.subject} onChange={(subject) => apply({ subject })} />
          <PointSelect points={pointList} value={choices.point} onChange={(point) => apply({ point })} />
        </div>
      </form>
      <p>
        <Link to={`/trusts/${trust.id}/dashboard`}>Trust dashboard and board report</Link> ·{' '}
        <Link to={`/trusts/${trust.id}/maturity`}>Peer review maturity across the trust</Link> ·{' '}
        <Link to={`/trusts/${trust.id}/qa`}>Quality-assurance schedule</Link>
      </p>
      <Overview trust={trust} subject={choices.subject} point={choices.point} />
    </>
  );
}

function Overview({ trust, subject, point }: { trust: TrustRead; subject: string; point: number | null }) {
  const api = useApi();
  const query = { subject, point_id: point ?? undefined };
  const overview = useApiQuery(`tracking/overview/${trust.id}/${JSON.stringify(query)}`, () =>
    loadTrustOverview(api, trust.id, query),
  );
  if (overview.status === 'loading') return <Loading label="Loading the overview…" />;
  if (overview.status === 'failed') return <ErrorPanel error={overview.error} onRetry={overview.reload} />;
  return <OverviewTable overview={overview.data} trust={trust} />;
}

function OverviewTable({ overview, trust }: { overview: TrustOverview; trust: TrustRead }) {
  const t = overview.suppression_threshold;
  const subject = overview.subject === 'combined' ? 'Reading, writing and maths combined' : overview.subject;
  const since = overview.from_point ? `; progress since ${pointName(overview.from_point)}` : '';
  return (
    <>
      {t ? <p className="muted tracking-key">{withheldKey(t)}</p> : null}
      <div className="table-wrap">
        <table className="table trust-overview">
          <caption>
            {trust.name}: {subject} at {pointName(overview.point)}
            {since}
          </caption>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col" className="numeric">Pupils</th>
              <th scope="col" className="numeric">% at or above ARE</th>
              <th scope="col" className="numeric">% expected progress or better</th>
              <th scope="col" className="numeric">Stuck</th>
              <th scope="col" className="numeric">Falling behind</th>
              <th scope="col" className="numeric">No result</th>
            </tr>
          </thead>
          <tbody>
            {overview.schools.map((s) => (
              <tr key={s.school_id}>
                <th scope="row">
                  <Link to={`/schools/${s.school_id}/tracking`}>{s.school_name}</Link>
                </th>
                <td className="numeric">{countText(s.cohort, s.suppressed)}</td>
                <td className="numeric">{percentText(s.percent_at_or_above, s.suppressed)}</td>
                <td className="numeric">{percentText(s.percent_expected_or_better, s.suppressed)}</td>
                <td className="numeric">{countText(s.stuck, s.suppressed)}</td>
                <td className="numeric">{countText(s.falling_behind, s.suppressed)}</td>
                <td className="numeric">{countText(s.missing, s.suppressed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
