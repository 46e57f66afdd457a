import { Link } from 'react-router';
import type { SchoolRead } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { useApiQuery } from '../../lib/useApiQuery';
import { useApi } from '../auth/session';
import { loadRecentJobs } from './importsApi';
import { formatLabel, modeLabel, statusLabel } from './summary';
import { formatDateTime } from './when';

/** The school's latest imports, newest first; `refresh` changes when one finishes. */
export function RecentImports({
  school,
  refresh,
  currentJobId,
}: {
  school: SchoolRead;
  refresh: number;
  currentJobId: number | null;
}) {
  const api = useApi();
  const jobs = useApiQuery(`imports/recent/${school.id}/${refresh}`, () => loadRecentJobs(api, school.id));
  return (
    <section className="card" aria-labelledby="recent-imports">
      <h2 id="recent-imports" className="card__title">
        Recent imports for {school.name}
      </h2>
      {jobs.status === 'loading' ? <Loading label="Loading recent imports…" /> : null}
      {jobs.status === 'failed' ? <ErrorPanel error={jobs.error} onRetry={jobs.reload} /> : null}
      {jobs.status === 'done' && jobs.data.length === 0 ? <p>No files have been imported for this school yet.</p> : null}
      {jobs.status === 'done' && jobs.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">The latest imports for {school.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Format</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Rows
                </th>
                <th scope="col" className="numeric">
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => (
                <tr key={job.id} aria-current={job.id === currentJobId ? 'true' : undefined}>
                  <th scope="row">
                    <Link to={`/imports?school=${school.id}&job=${job.id}`}>{job.filename}</Link>
                    <span className="table__sub">by {job.created_by}</span>
                  </th>
                  <td>{formatDateTime(job.created_at)}</td>
                  <td>{formatLabel(job.file_format)}</td>
                  <td>{modeLabel(job.mode)}</td>
                  <td>
                    <span className={`status status--${job.status}`}>{statusLabel(job.status)}</span>
                  </td>
                  <td className="numeric">{job.rows_total ?? '—'}</td>
                  <td className="numeric">{job.error_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
