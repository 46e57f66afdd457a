import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { components } from '../../api/schema';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveBlob } from '../../lib/download';
import { userMessage } from '../../lib/problems';
import { useApiQuery } from '../../lib/useApiQuery';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useApi } from '../auth/session';
import { changeText } from '../home/SchoolAttention';
import { presets } from './period';
import { formatDate } from '../pupils/format';

type Report = components['schemas']['BoardReport'];
const SUBJECTS = ['reading', 'writing', 'maths', 'combined'] as const;

/** Every school of the trust side by side, and the board report for a period: printable here,
 * or as an Excel workbook. */
export function DashboardPage() {
  const api = useApi();
  const trustId = Number(useParams().trustId);
  const dashboard = useApiQuery(`dashboard/${trustId}`, () =>
    api.call((c) => c.GET('/api/v1/trusts/{trust_id}/dashboard', { params: { path: { trust_id: trustId } } })),
  );
  const [period, setPeriod] = useState({ starts: `${new Date().getFullYear() - (new Date().getMonth() < 8 ? 1 : 0)}-09-01`, ends: new Date().toISOString().slice(0, 10) });
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useDocumentTitle('Trust dashboard');
  const query = { starts_on: period.starts, ends_on: period.ends };
  async function show() {
    setProblem(null);
    try {
      // The JSON form: the other is the workbook, fetched by download() below.
      const found = await api.call((c) => c.GET('/api/v1/trusts/{trust_id}/board-report', { params: { path: { trust_id: trustId }, query } }));
      setReport(found as Report);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  async function download(format: 'xlsx' | 'pdf') {
    setProblem(null);
    try {
      const blob = await api.call((c) =>
        c.GET('/api/v1/trusts/{trust_id}/board-report', {
          params: { path: { trust_id: trustId }, query: { ...query, format } },
          parseAs: 'blob',
        }),
      );
      saveBlob(`board-report-${period.starts}-${period.ends}.${format}`, blob as unknown as Blob);
    } catch (error) {
      setProblem(userMessage(error));
    }
  }
  return (
    <>
      <header className="page-header">
        <h1 className="page-header__title">Trust dashboard</h1>
        <p className="page-header__lead">Every school side by side; figures compared only where they are measured alike.</p>
      </header>
      {dashboard.status === 'loading' ? <Loading label="Loading the dashboard…" /> : null}
      {dashboard.status === 'failed' ? <ErrorPanel error={dashboard.error} onRetry={dashboard.reload} /> : null}
      {dashboard.status === 'done' ? (
        <div className="table-wrap">
          <table className="table">
            <caption>% at or above ARE now (change since the point before), and each school's oversight</caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                {SUBJECTS.map((s) => (
                  <th scope="col" className="numeric" key={s}>
                    {s[0]!.toUpperCase() + s.slice(1)}
                  </th>
                ))}
                <th scope="col">Category</th>
                <th scope="col">Plan</th>
                <th scope="col">Maturity</th>
                <th scope="col">Next QA</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.data.schools.map((s) => (
                <tr key={s.school_id}>
                  <th scope="row">
                    <Link to={`/schools/${s.school_id}`}>{s.name}</Link>
                    {s.comparable ? null : <span className="table__sub">Not comparable: {s.not_comparable_because}</span>}
                  </th>
                  {SUBJECTS.map((subject) => {
                    const h = s.headline.find((x) => x.subject === subject);
                    return (
                      <td className="numeric" key={subject}>
                        {!s.comparable || !h || h.value === null ? (
                          '—'
                        ) : h.suppressed ? (
                          'Withheld'
                        ) : (
                          <Link to={`/schools/${s.school_id}/tracking?subject=${subject}`}>
                            {h.value}% {h.change !== null ? `(${changeText(h.change)})` : ''}
                          </Link>
                        )}
                      </td>
                    );
                  })}
                  <td>{s.category ? <Link to={`/schools/${s.school_id}/category`}>{s.category}</Link> : '—'}</td>
                  <td>
                    {s.plan_id ? <Link to={`/plans/${s.plan_id}`}>{s.plan_title}</Link> : 'No active plan'}
                    {s.overdue_actions ? <span className="table__sub">{s.overdue_actions} overdue actions</span> : null}
                  </td>
                  <td>{s.maturity_overall ? <Link to={`/schools/${s.school_id}/maturity`}>{s.maturity_overall}</Link> : '—'}</td>
                  <td>
                    {s.next_qa ? <Link to={`/trusts/${trustId}/qa`}>{`${s.next_qa}, ${formatDate(s.next_qa_on ?? '', 'short')}`}</Link> : '—'}
                    {s.next_qa_overdue ? <strong> (overdue)</strong> : null}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">Trust (comparable schools)</th>
                {SUBJECTS.map((subject) => (
                  <td className="numeric" key={subject}>
                    {dashboard.data.trust_mean[subject] ?? '—'}
                  </td>
                ))}
                <td colSpan={4} />
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      <section className="card" aria-labelledby="board-report">
        <h2 id="board-report" className="card__title">
          Board report
        </h2>
        <div className="form-row no-print">
          <div role="group" aria-label="Periods">
            {presets(new Date()).map((p) => (
              <button key={p.label} type="button" className="button button--link" onClick={() => setPeriod({ starts: p.starts, ends: p.ends })}>
                {p.label}
              </button>
            ))}
          </div>
          <div className="field">
            <label className="field__label" htmlFor="report-starts">
              From
            </label>
            <input id="report-starts" className="field__input" type="date" value={period.starts} onChange={(e) => setPeriod({ ...period, starts: e.target.value })} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="report-ends">
              To
            </label>
            <input id="report-ends" className="field__input" type="date" value={period.ends} onChange={(e) => setPeriod({ ...period, ends: e.target.value })} />
          </div>
          <button type="button" className="button button--secondary" onClick={() => void show()}>
            Show the report
          </button>
          <button type="button" className="button button--link" onClick={() => void download('pdf')}>
            Download the board report (PDF)
          </button>
          <button type="button" className="button button--link" onClick={() => void download('xlsx')}>
            Download the board report (Excel)
          </button>
          {report ? (
            <button type="button" className="button button--link" onClick={() => window.print()}>
              Print
            </button>
          ) : null}
        </div>
        {problem ? (
          <p className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
        {report ? <ReportView report={report} /> : null}
      </section>
    </>
  );
}

function ReportView({ report }: { report: Report }) {
  if (report.statement) return <p className="notice notice--info">{report.statement}</p>;
  return (
    <>
      <h3>Category changes</h3>
      {report.category_changes.length ? (
        <ul>
          {report.category_changes.map((c, i) => (
            <li key={i}>
              {c.school}: {c.code} from {c.on} — {c.rationale}
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
      <h3>Quality assurance done</h3>
      {report.qa_done.length ? (
        <ul>
          {report.qa_done.map((a, i) => (
            <li key={i}>
              {a.school}: {a.activity}, {a.on} — {a.report}
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
      <h3>Quality assurance overdue</h3>
      {report.qa_overdue.length ? (
        <ul>
          {report.qa_overdue.map((a, i) => (
            <li key={i}>
              {a.school}: {a.activity}, due {a.due}
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
    </>
  );
}
