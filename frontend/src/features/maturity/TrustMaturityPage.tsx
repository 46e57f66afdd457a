import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { formatDate } from '../pupils/format';
import { levelText, loadFrameworks, loadHeatMap } from './maturityApi';

/** Areas by schools: each school's latest agreed review against a framework, as a heat map (the
 * numbers in every cell, so colour is never the only sign). */
export function TrustMaturityPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const [framework, setFramework] = useState('teaching_school');
  const frameworks = useApiQuery(`maturity/trust-frameworks/${trustId}`, () => loadFrameworks(api, trustId));
  const heat = useApiQuery(`maturity/heat/${trustId}/${framework}`, () => loadHeatMap(api, trustId, framework));
  useDocumentTitle('Maturity across the trust');
  const keys = frameworks.status === 'done' ? [...new Map(frameworks.data.map((f) => [f.key, f.name])).entries()] : [];
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">Maturity across the trust</h1>
        <p className="page-header__lead">Each school's latest agreed peer review, area by area.</p>
      </header>
      <p>
        <Link to={`/trusts/${trustId}/frameworks`}>The frameworks, and importing the trust's own</Link>
      </p>
      <div className="field">
        <label className="field__label" htmlFor="heat-framework">
          Framework
        </label>
        <select id="heat-framework" className="field__input field__select" value={framework} onChange={(e) => setFramework(e.target.value)}>
          {keys.map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {heat.status === 'loading' ? <Loading label="Loading the heat map…" /> : null}
      {heat.status === 'failed' ? <ErrorPanel error={heat.error} onRetry={heat.reload} /> : null}
      {heat.status === 'done' ? (
        <div className="table-wrap">
          <table className="table heat-map">
            <caption>{heat.data.framework_name}: agreed scores by area and school</caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                {heat.data.areas.map((a) => (
                  <th scope="col" key={a.key}>
                    {a.name}
                  </th>
                ))}
                <th scope="col">Overall</th>
                <th scope="col">Agreed</th>
              </tr>
            </thead>
            <tbody>
              {heat.data.schools.map((s) => (
                <tr key={s.school_id}>
                  <th scope="row">
                    <Link to={`/schools/${s.school_id}/maturity`}>{s.school_name}</Link>
                  </th>
                  {heat.data.areas.map((a) => {
                    const score = s.scores[a.key];
                    return (
                      <td key={a.key} className={score ? `heat-map__cell heat-map__cell--${score}` : 'heat-map__cell'}>
                        {score ? levelText(heat.data.levels, score) : '—'}
                      </td>
                    );
                  })}
                  <td>{s.overall ? levelText(heat.data.levels, s.overall) : '—'}</td>
                  <td>{s.held_on ? formatDate(s.held_on, 'short') : 'No agreed review'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
