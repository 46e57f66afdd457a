// Reading an import job's outcome. The API types `summary` as a free-form object ({pupils,
// results} BatchResults once finished, a message when the file was refused), so it is checked
// here, field by field, before the page trusts it.
import type { BatchResult, FieldError, ImportJobRead, MissingResults, QualityItem } from '../../api/types';
import { parsePointer, type ErrorLocation } from './pointer';

export type JobStatus = ImportJobRead['status'];

export interface ImportError extends ErrorLocation {
  code: string;
  message: string;
}

export interface ImportOutcome {
  pupils: BatchResult | null;
  results: BatchResult | null;
  /** Why a failed import failed, in the server's words. */
  message: string | null;
  /** Every error the summary carries, in file order. */
  errors: ImportError[];
  /** Codes in the file that nothing maps to, from the file itself and from each batch. */
  unknownCodes: Record<string, QualityItem>;
  invalidUpns: QualityItem;
  duplicatesMerged: QualityItem;
  missingResults: MissingResults[];
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isIntList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isCount);

export function isFieldError(v: unknown): v is FieldError {
  return isObject(v) && typeof v.pointer === 'string' && typeof v.message === 'string' && typeof v.code === 'string';
}

function qualityItem(v: unknown): QualityItem | null {
  if (isObject(v) && isCount(v.count) && isIntList(v.rows)) return { count: v.count, rows: v.rows };
  if (isIntList(v)) return { count: v.length, rows: v };
  return null;
}

function isMissing(v: unknown): v is MissingResults {
  return (
    isObject(v) &&
    typeof v.academic_year === 'string' &&
    typeof v.point === 'string' &&
    typeof v.subject === 'string' &&
    isCount(v.count) &&
    isIntList(v.pupil_ids)
  );
}

export function isBatchResult(v: unknown): v is BatchResult {
  if (!isObject(v)) return false;
  const q = v.quality;
  return (
    isCount(v.created) &&
    isCount(v.updated) &&
    isCount(v.unchanged) &&
    isCount(v.rejected) &&
    Array.isArray(v.errors) &&
    v.errors.every(isFieldError) &&
    isObject(q) &&
    qualityItem(q.invalid_upns) !== null &&
    qualityItem(q.duplicates_merged) !== null &&
    isObject(q.unknown_codes) &&
    Array.isArray(q.missing_results) &&
    q.missing_results.every(isMissing)
  );
}

const EMPTY: QualityItem = { count: 0, rows: [] };

function mergeItems(a: QualityItem | undefined, b: QualityItem): QualityItem {
  if (!a) return b;
  return { count: a.count + b.count, rows: [...new Set([...a.rows, ...b.rows])].sort((x, y) => x - y) };
}

export function toImportError(e: FieldError): ImportError {
  return { ...parsePointer(e.pointer), code: e.code, message: e.message };
}

function byRow(a: ImportError, b: ImportError): number {
  const ra = a.row ?? -1;
  const rb = b.row ?? -1;
  return ra - rb || (a.field ?? '').localeCompare(b.field ?? '');
}

export function readOutcome(summary: ImportJobRead['summary']): ImportOutcome {
  const s: Loose = isObject(summary) ? summary : {};
  const pupils = isBatchResult(s.pupils) ? s.pupils : null;
  const results = isBatchResult(s.results) ? s.results : null;

  const raw: FieldError[] = [];
  for (const list of [s.errors, s.file_error_list, pupils?.errors, results?.errors]) {
    if (Array.isArray(list)) raw.push(...list.filter(isFieldError));
  }
  const seen = new Set<string>();
  const errors = raw
    .filter((e) => {
      const key = `${e.pointer}\u0000${e.code}\u0000${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(toImportError)
    .sort(byRow);

  const unknownCodes: Record<string, QualityItem> = {};
  const codeSources = [s.unknown_codes, pupils?.quality.unknown_codes, results?.quality.unknown_codes];
  for (const source of codeSources) {
    if (!isObject(source)) continue;
    for (const [code, value] of Object.entries(source)) {
      const item = qualityItem(value);
      if (item && item.count > 0) unknownCodes[code] = mergeItems(unknownCodes[code], item);
    }
  }

  const batches = [pupils, results].filter((b): b is BatchResult => b !== null);
  const sum = (pick: (b: BatchResult) => QualityItem) =>
    batches.reduce<QualityItem>((acc, b) => mergeItems(acc, pick(b)), EMPTY);

  const message = [s.message, s.file, s.detail].find((m): m is string => typeof m === 'string' && m.trim() !== '');
  return {
    pupils,
    results,
    message: message ?? null,
    errors,
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

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of cells.
 * Used to read the error report when a summary does not carry the errors itself.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The error report (section,row,field,code,message) as errors. */
export function errorsFromReport(csv: string): ImportError[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) return [];
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [section, row, field, code, message] = ['section', 'row', 'field', 'code', 'message'].map(col) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
  return rows
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => ({
      section: cell(r, section) || null,
      row: /^\d+$/.test(cell(r, row)) ? Number(cell(r, row)) : null,
      field: cell(r, field) || null,
      code: cell(r, code),
      message: cell(r, message),
    }))
    .sort(byRow);
}
