// Reading an import job's outcome: the typed summary (what was written, and why a failed job
// failed) and the job's errors (the first rejected rows; the CSV report has them all).
import type { BatchResult, FieldError, ImportJobRead, MissingResults, QualityItem } from '../../api/types';
import { parsePointer, type ErrorLocation } from './pointer';

export type JobStatus = ImportJobRead['status'];
export type ImportSummary = NonNullable<ImportJobRead['summary']>;

export interface ImportError extends ErrorLocation {
  code: string;
  message: string;
}

/** Data-quality findings of the file and of each batch, added up. */
export interface ImportQuality {
  /** Codes in the file that nothing maps to, from the file reader and from each batch. */
  unknownCodes: Record<string, QualityItem>;
  invalidUpns: QualityItem;
  duplicatesMerged: QualityItem;
  missingResults: MissingResults[];
}

export function toImportError(e: FieldError): ImportError {
  return { ...parsePointer(e.pointer), code: e.code, message: e.message };
}

/** The job's errors as rows and fields, in the order the server lists them. */
export function jobErrors(job: Pick<ImportJobRead, 'errors'>): ImportError[] {
  return job.errors.map(toImportError);
}

/** The batches a job wrote (or tried to), named for the page: pupils first, then results. */
export function batchesOf(summary: ImportSummary | null): [string, BatchResult][] {
  const batches: [string, BatchResult][] = [];
  if (summary?.pupils) batches.push(['Pupils', summary.pupils]);
  if (summary?.results) batches.push(['Results', summary.results]);
  return batches;
}

const EMPTY: QualityItem = { count: 0, rows: [] };

function mergeItems(a: QualityItem | undefined, b: QualityItem): QualityItem {
  if (!a) return b;
  return { count: a.count + b.count, rows: [...new Set([...a.rows, ...b.rows])].sort((x, y) => x - y) };
}

export function qualityOf(summary: ImportSummary | null): ImportQuality {
  const batches = batchesOf(summary).map(([, b]) => b);
  const unknownCodes: Record<string, QualityItem> = {};
  const add = (code: string, item: QualityItem) => {
    if (item.count > 0) unknownCodes[code] = mergeItems(unknownCodes[code], item);
  };
  for (const [code, rows] of Object.entries(summary?.unknown_codes ?? {})) add(code, { count: rows.length, rows });
  for (const b of batches) {
    for (const [code, item] of Object.entries(b.quality.unknown_codes)) add(code, item);
  }
  const sum = (pick: (b: BatchResult) => QualityItem) =>
    batches.reduce<QualityItem>((acc, b) => mergeItems(acc, pick(b)), EMPTY);
  return {
    unknownCodes,
    invalidUpns: sum((b) => b.quality.invalid_upns),
    duplicatesMerged: sum((b) => b.quality.duplicates_merged),
    missingResults: batches.flatMap((b) => b.quality.missing_results),
  };
}

/** "2 created, 0 updated, 0 unchanged, 0 rejected" */
export function countsText(b: BatchResult): string {
  return `${b.created} created, ${b.updated} updated, ${b.unchanged} unchanged, ${b.rejected} rejected`;
}

export function isFinished(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

const STATUS: Record<JobStatus, string> = {
  queued: 'Waiting to start',
  running: 'Importing',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export function statusLabel(status: JobStatus): string {
  return STATUS[status] ?? status;
}

/** Progress as a whole percentage, or null while the number of rows is not known. */
export function progressPercent(job: Pick<ImportJobRead, 'rows_done' | 'rows_total' | 'status'>): number | null {
  if (isFinished(job.status)) return 100;
  if (!job.rows_total) return null;
  return Math.max(0, Math.min(100, Math.floor((job.rows_done / job.rows_total) * 100)));
}

const FORMATS: Record<string, string> = {
  csv: 'CSV',
  ctf: 'Common Transfer File',
  oneroster: 'OneRoster',
};

export function formatLabel(format: string): string {
  return FORMATS[format] ?? format;
}

export function modeLabel(mode: string): string {
  return mode === 'partial' ? 'Partial' : 'All or nothing';
}

/** A list of row numbers, shortened: "3, 7, 12 and 4 more". */
export function rowsText(rows: readonly number[], shown = 10): string {
  if (!rows.length) return '';
  const head = rows.slice(0, shown).join(', ');
  return rows.length > shown ? `${head} and ${rows.length - shown} more` : head;
}
