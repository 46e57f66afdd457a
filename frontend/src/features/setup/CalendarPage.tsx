import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { Select } from '../tracking/Controls';
import { presetPoints, workloadWarning, type Preset } from './calendar';
import { addPoints, loadPoints, loadTrust, loadYears } from './setupApi';

/** A trust's assessment points for each academic year, started from a termly or half-termly preset. */
export function CalendarPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const trust = useApiQuery(`calendar/trust/${trustId}`, () => loadTrust(api, trustId));
  const years = useApiQuery('calendar/years', () => loadYears(api));
  const [chosen, setChosen] = useState<string | null>(null);
  const name = trust.status === 'done' ? trust.data.trust.name : 'Trust';
  useDocumentTitle(`Assessment calendar – ${name}`);
  const current = years.status === 'done' ? (years.data.find((y) => y.is_current) ?? years.data[0]) : undefined;
  const year = chosen ?? current?.code ?? null;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/setup">Trust setup</Link>
          </li>
          <li>
            <Link to={`/setup/trusts/${trustId}`}>{name}</Link>
          </li>
          <li aria-current="page">Assessment calendar</li>
        </ol>
      </nav>
      <header className="page-header">
        <h1 className="page-header__title">Assessment calendar</h1>
        <p className="page-header__lead">When the trust&rsquo;s schools collect assessment data each year.</p>
      </header>
      {years.status === 'loading' ? <Loading label="Loading the years…" /> : null}
      {years.status === 'failed' ? <ErrorPanel error={years.error} onRetry={years.reload} /> : null}
      {years.status === 'done' && year ? (
        <>
          <form className="filters" aria-label="Choose the year" onSubmit={(e) => e.preventDefault()}>
            <Select
              id="calendar-year"
              label="Academic year"
              value={year}
              options={years.data.map((y): [string, string] => [y.code, y.is_current ? `${y.code} (this year)` : y.code])}
              onChange={setChosen}
            />
          </form>
          <YearPoints key={year} trustId={trustId} year={year} />
        </>
      ) : null}
    </>
  );
}

function YearPoints({ trustId, year }: { trustId: number; year: string }) {
  const api = useApi();
  const points = useApiQuery(`calendar/${trustId}/${year}`, () => loadPoints(api, trustId, year));
  const [preset, setPreset] = useState<Preset>('termly');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function addPreset() {
    setBusy(true);
    setProblem(null);
    try {
      const added = await addPoints(api, trustId, presetPoints(preset, year));
      setDone(`Added ${added.length} assessment points to ${year}.`);
      points.reload();
    } catch (error) {
      setProblem(userMessage(error));
    } finally {
      setBusy(false);
    }
  }
  // The statutory assessments (KS1, phonics …) are national, not the trust's own collections.
  const collections = points.status === 'done' ? points.data.filter((p) => !p.statutory).length : 0;
  const warning = points.status === 'done' ? workloadWarning(collections) : null;
  return (
    <section className="card" aria-labelledby="year-points">
      <h2 id="year-points" className="card__title">
        {year}
      </h2>
      <div role="status">{done ? <p className="notice notice--success">{done}</p> : null}</div>
      {warning ? (
        <p className="notice notice--info workload-warning" role="note">
          {warning}
        </p>
      ) : null}
      {points.status === 'loading' ? <Loading label="Loading the points…" /> : null}
      {points.status === 'failed' ? <ErrorPanel error={points.error} onRetry={points.reload} /> : null}
      {points.status === 'done' ? (
        points.data.length === 0 ? (
          <p>No assessment points in {year} yet.</p>
        ) : (
          <table className="table table--compact calendar-points">
            <caption className="visually-hidden">Assessment points in {year}</caption>
            <thead>
              <tr>
                <th scope="col">Point</th>
                <th scope="col">Assessed on</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {points.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {p.name}
                    {p.statutory ? <span className="muted"> (statutory)</span> : null}
                  </th>
                  <td>{new Date(`${p.assessed_on}T12:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}</td>
                  <td>{p.closed_at ? 'Closed' : 'Open'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {points.status === 'done' && collections === 0 ? (
        <div className="calendar-preset">
          <fieldset>
            <legend>Start the year from</legend>
            <label className="choice">
              <input type="radio" name="preset" checked={preset === 'termly'} onChange={() => setPreset('termly')} /> Three
              termly points (autumn, spring, summer)
            </label>
            <label className="choice">
              <input type="radio" name="preset" checked={preset === 'half-termly'} onChange={() => setPreset('half-termly')} />{' '}
              Six half-termly points
            </label>
          </fieldset>
          {preset === 'half-termly' ? <p className="notice notice--info">{workloadWarning(6)}</p> : null}
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void addPreset()}>
            Add these points
          </button>
          {problem ? (
            <p className="notice notice--error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
