import { useEffect, useId, useRef, useState } from 'react';
import type { ImportJobRead, MissingResults } from '../../api/types';
import { ErrorPanel, Loading } from '../../components/StatusViews';
import { saveTextFile } from '../../lib/download';
import { userMessage } from '../../lib/problems';
import { useApi } from '../auth/session';
import { pointLabel, subjectLabel } from '../pupils/format';
import { loadErrorReport } from './importsApi';
import { sectionLabel } from './pointer';
import {
  batchesOf,
  countsText,
  formatLabel,
  isFinished,
  jobErrors,
  modeLabel,
  progressPercent,
  qualityOf,
  rowsText,
  statusLabel,
  type ImportError,
  type ImportQuality,
} from './summary';
import { useImportJob } from './useImportJob';
import { formatDateTime } from './when';

/** One import: live progress while it runs, then what it did and what went wrong. */
export function ImportJobView({
  jobId,
  initial,
  onFinished,
  onClose,
}: {
  jobId: number;
  initial: ImportJobRead | null;
  onFinished: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  const id = useId();
  const watch = useImportJob(api, jobId, initial);
  const job = watch.job;
  const finished = job ? isFinished(job.status) : false;
  const card = useRef<HTMLElement>(null);
  const sawRunning = useRef(false);
  if (job && !finished) sawRunning.current = true;

  // A file just uploaded: bring its progress into view, and keyboard and screen reader with it.
  const justStarted = initial?.id === jobId;
  useEffect(() => {
    if (justStarted) card.current?.focus();
  }, [justStarted, job !== null]);

  useEffect(() => {
    // Once, when a job watched while running reaches its end (so the recent list can refresh).
    if (finished && sawRunning.current) onFinished();
  }, [finished]);

  if (!job) {
    if (watch.error) return <ErrorPanel error={watch.error} />;
    return (
      <section className="card">
        <Loading label="Loading the import…" />
      </section>
    );
  }

  const percent = progressPercent(job);
  return (
    <section ref={card} tabIndex={-1} className="card job" aria-labelledby={`${id}-title`} data-status={job.status}>
      <div className="job__header">
        <h2 id={`${id}-title`} className="card__title">
          Import of {job.filename}
        </h2>
        <span className={`status status--${job.status}`}>{statusLabel(job.status)}</span>
      </div>
      <p className="muted job__meta">
        {formatLabel(job.file_format)} · {modeLabel(job.mode)} · uploaded by {job.created_by}, {formatDateTime(job.created_at)}
      </p>

      <div className="job__progress">
        <label className="field__label" htmlFor={`${id}-progress`}>
          Progress
        </label>
        <progress
          id={`${id}-progress`}
          className="progress"
          max={100}
          value={percent ?? undefined}
          aria-valuetext={progressText(job)}
        >
          {percent === null ? '' : `${percent}%`}
        </progress>
        <span className="job__rows numeric">{progressText(job)}</span>
      </div>
      <p className="visually-hidden" role="status">
        {finished ? `Import ${job.status === 'succeeded' ? 'succeeded' : 'failed'}.` : statusLabel(job.status)}
      </p>
      {watch.error && !finished ? (
        <p className="notice notice--error">
          {userMessage(watch.error)} {watch.stopped ? '' : 'Still trying…'}
        </p>
      ) : null}

      {finished ? <Outcome job={job} /> : null}

      <div className="job__actions">
        <button type="button" className="button button--link" onClick={onClose}>
          {finished ? 'Close' : 'Hide (the import carries on)'}
        </button>
      </div>
    </section>
  );
}

function progressText(job: ImportJobRead): string {
  if (job.rows_total === null) return job.status === 'queued' ? 'Waiting to start…' : 'Reading the file…';
  const rows = `${job.rows_done} of ${job.rows_total} ${job.rows_total === 1 ? 'row' : 'rows'}`;
  return isFinished(job.status) ? `${job.rows_total} ${job.rows_total === 1 ? 'row' : 'rows'} read` : rows;
}

function Outcome({ job }: { job: ImportJobRead }) {
  const failed = job.status === 'failed';
  const message = job.summary?.message;
  const batches = batchesOf(job.summary);

  return (
    <div className="outcome">
      {failed ? (
        <div className="notice notice--error outcome__notice">
          <p className="outcome__headline">The import failed: nothing was imported.</p>
          {message ? <p>{sentence(message)}</p> : null}
        </div>
      ) : (
        <div className="notice notice--success outcome__notice">
          <p className="outcome__headline">The import succeeded.</p>
          {batches.map(([name, b]) => (
            <p key={name}>
              {name}: {countsText(b)}.
            </p>
          ))}
          {!batches.length ? <p>The file held no pupils or results.</p> : null}
        </div>
      )}

      {batches.length ? (
        <div className="stats-groups">
          {batches.map(([name, b]) => (
            <section key={name} className="stats-group" aria-label={`${name}: ${countsText(b)}`}>
              <h3 className="stats-group__title">{name}</h3>
              <dl className="stats">
                <Stat label="created" value={b.created} />
                <Stat label="updated" value={b.updated} />
                <Stat label="unchanged" value={b.unchanged} />
                <Stat label="rejected" value={b.rejected} warn={b.rejected > 0} />
              </dl>
            </section>
          ))}
        </div>
      ) : null}

      <Quality quality={qualityOf(job.summary)} wrote={batches.length > 0} />
      <Errors job={job} />
    </div>
  );
}

function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function Stat({ label, value, warn }: { label: string; value: number; warn?: boolean }) {
  return (
    <div className={`stat${warn ? ' stat--warn' : ''}`}>
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value numeric">{value}</dd>
    </div>
  );
}

function Quality({ quality, wrote }: { quality: ImportQuality; wrote: boolean }) {
  const codes = Object.entries(quality.unknownCodes);
  const missing = quality.missingResults.filter((m) => m.count > 0);
  const clean = !quality.invalidUpns.count && !quality.duplicatesMerged.count && !codes.length && !missing.length;
  if (!wrote && clean) return null;
  return (
    <section className="outcome__section" aria-labelledby="import-quality">
      <h3 id="import-quality" className="outcome__title">
        Data quality
      </h3>
      {clean ? (
        <p>No data-quality problems were found.</p>
      ) : (
        <ul className="quality">
          <QualityLine label="Invalid UPNs" item={quality.invalidUpns} />
          <QualityLine label="Duplicate rows merged" item={quality.duplicatesMerged} />
          {codes.length ? (
            <li className="quality__item">
              <span className="quality__label">Unknown codes</span>
              <ul className="quality__codes">
                {codes.map(([code, item]) => (
                  <li key={code}>
                    <code>{code}</code>: {item.count} {item.count === 1 ? 'row' : 'rows'}
                    {item.rows.length ? <span className="muted"> (rows {rowsText(item.rows)})</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          ) : (
            <li className="quality__item">
              <span className="quality__label">Unknown codes</span> none
            </li>
          )}
          {missing.length ? (
            <li className="quality__item">
              <span className="quality__label">Pupils missing a result</span>
              <MissingTable missing={missing} />
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function QualityLine({ label, item }: { label: string; item: { count: number; rows: number[] } }) {
  return (
    <li className="quality__item">
      <span className="quality__label">{label}</span> {item.count ? item.count : 'none'}
      {item.count && item.rows.length ? <span className="muted"> (rows {rowsText(item.rows)})</span> : null}
    </li>
  );
}

function MissingTable({ missing }: { missing: MissingResults[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <caption className="visually-hidden">Pupils on roll with no result, by assessment point and subject</caption>
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col">Subject</th>
            <th scope="col" className="numeric">
              Pupils without a result
            </th>
          </tr>
        </thead>
        <tbody>
          {missing.map((m) => (
            <tr key={`${m.academic_year}-${m.point}-${m.subject}`}>
              <th scope="row">{pointLabel(m.academic_year, m.point)}</th>
              <td>{subjectLabel(m.subject)}</td>
              <td className="numeric">{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Errors({ job }: { job: ImportJobRead }) {
  const api = useApi();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const total = job.error_count;
  if (total === 0) return null;
  const errors = jobErrors(job);

  async function download() {
    if (downloading) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      saveTextFile(`import-${job.id}-errors.csv`, await loadErrorReport(api, job.id));
    } catch (caught) {
      setDownloadError(caught);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="outcome__section" aria-labelledby="import-errors">
      <div className="outcome__bar">
        <h3 id="import-errors" className="outcome__title">
          Errors ({total})
        </h3>
        <button type="button" className="button button--secondary" onClick={() => void download()} aria-disabled={downloading}>
          {downloading ? 'Preparing the report…' : 'Download error report (CSV)'}
        </button>
      </div>
      {downloadError ? (
        <p className="notice notice--error" role="alert">
          {userMessage(downloadError)}
        </p>
      ) : null}
      <p className="muted">
        Row numbers count the rows under the header: row 1 is the first line after it.
        {total > errors.length ? ` The first ${errors.length} are shown here; the report lists them all.` : ''}
      </p>
      {errors.length ? <ErrorsTable errors={errors} /> : null}
    </section>
  );
}

function ErrorsTable({ errors }: { errors: ImportError[] }) {
  const sections = new Set(errors.map((e) => e.section));
  const showSection = sections.size > 1;
  return (
    <div className="table-wrap">
      <table className="table table--compact table--errors">
        <caption className="visually-hidden">Rows that were not imported, and why</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              Row
            </th>
            {showSection ? <th scope="col">Part</th> : null}
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={`${e.section}-${e.row}-${e.field}-${i}`}>
              <th scope="row" className="numeric">
                {e.row ?? '—'}
              </th>
              {showSection ? <td>{sectionLabel(e.section)}</td> : null}
              <td>{e.field ? <code>{e.field}</code> : e.section === 'file' ? 'whole file' : '—'}</td>
              <td>{sentence(e.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
