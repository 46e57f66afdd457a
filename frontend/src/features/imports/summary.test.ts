import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/types';
import {
  countsText,
  errorsFromReport,
  isBatchResult,
  parseCsv,
  progressPercent,
  readOutcome,
  rowsText,
  statusLabel,
} from './summary';

const batch = (extra: Partial<BatchResult> = {}): BatchResult => ({
  mode: 'all',
  created: 2,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  errors: [],
  quality: { invalid_upns: { count: 0, rows: [] }, duplicates_merged: { count: 0, rows: [] }, unknown_codes: {}, missing_results: [] },
  ...extra,
});

describe('reading an import summary', () => {
  it('reads a succeeded import', () => {
    const outcome = readOutcome({ pupils: batch(), results: null, file_errors: 0, file_error_list: [], unknown_codes: {} });
    expect(outcome.pupils && countsText(outcome.pupils)).toBe('2 created, 0 updated, 0 unchanged, 0 rejected');
    expect(outcome.results).toBeNull();
    expect(outcome.errors).toEqual([]);
    expect(outcome.message).toBeNull();
  });

  it('gathers errors from the file and every batch, in row order, once each', () => {
    const pupilError = { pointer: '/pupils/4/gender', message: 'gender is F, M or X', code: 'gender' };
    const outcome = readOutcome({
      pupils: batch({ mode: 'partial', created: 1, rejected: 2, errors: [pupilError] }),
      results: null,
      file_error_list: [
        { pointer: '/rows/2/upn', message: 'the check letter should be K, not A', code: 'upn_check_letter' },
        pupilError,
      ],
    });
    expect(outcome.errors).toEqual([
      { section: 'rows', row: 2, field: 'upn', code: 'upn_check_letter', message: 'the check letter should be K, not A' },
      { section: 'pupils', row: 4, field: 'gender', code: 'gender', message: 'gender is F, M or X' },
    ]);
  });

  it('reads a failed import: its message, errors and unknown codes', () => {
    const outcome = readOutcome({
      message: 'rows not valid',
      unknown_codes: { XX: [3, 9] },
      errors: [{ pointer: '/rows/1/upn', message: 'bad', code: 'upn_format' }],
    });
    expect(outcome.message).toBe('rows not valid');
    expect(outcome.errors.map((e) => [e.row, e.field])).toEqual([[1, 'upn']]);
    expect(outcome.unknownCodes).toEqual({ XX: { count: 2, rows: [3, 9] } });
    expect(readOutcome({ file: 'the file is not UTF-8' }).message).toBe('the file is not UTF-8');
  });

  it('adds up quality across pupils and results', () => {
    const outcome = readOutcome({
      pupils: batch({ quality: { ...batch().quality, invalid_upns: { count: 1, rows: [5] } } }),
      results: batch({
        quality: {
          invalid_upns: { count: 1, rows: [2] },
          duplicates_merged: { count: 1, rows: [8] },
          unknown_codes: { Y9Q: { count: 1, rows: [4] } },
          missing_results: [{ academic_year: '2026/27', point: 'aut', subject: 'maths', count: 3, pupil_ids: [1, 2, 3] }],
        },
      }),
    });
    expect(outcome.invalidUpns).toEqual({ count: 2, rows: [2, 5] });
    expect(outcome.duplicatesMerged).toEqual({ count: 1, rows: [8] });
    expect(outcome.unknownCodes).toEqual({ Y9Q: { count: 1, rows: [4] } });
    expect(outcome.missingResults).toHaveLength(1);
  });

  it('distrusts a summary of the wrong shape', () => {
    expect(isBatchResult({ created: '2' })).toBe(false);
    expect(isBatchResult(batch())).toBe(true);
    const outcome = readOutcome({ pupils: { created: 2 }, errors: [{ pointer: 1 }], message: 42 });
    expect(outcome.pupils).toBeNull();
    expect(outcome.errors).toEqual([]);
    expect(outcome.message).toBeNull();
    expect(readOutcome(null).errors).toEqual([]);
  });
});

describe('the error report', () => {
  it('parses quoted CSV', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n\nlast')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], [''], ['last']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads the report into errors', () => {
    const csv =
      'section,row,field,code,message\r\n' +
      'rows,3,upn,upn_check_letter,"the check letter should be K, not A"\r\n' +
      'file,,,columns,the header is not a Termwise template\r\n';
    expect(errorsFromReport(csv)).toEqual([
      { section: 'file', row: null, field: null, code: 'columns', message: 'the header is not a Termwise template' },
      { section: 'rows', row: 3, field: 'upn', code: 'upn_check_letter', message: 'the check letter should be K, not A' },
    ]);
    expect(errorsFromReport('')).toEqual([]);
  });
});

describe('progress and labels', () => {
  it('turns rows done into a percentage', () => {
    expect(progressPercent({ status: 'queued', rows_done: 0, rows_total: null })).toBeNull();
    expect(progressPercent({ status: 'running', rows_done: 1, rows_total: 3 })).toBe(33);
    expect(progressPercent({ status: 'running', rows_done: 5, rows_total: 3 })).toBe(100);
    expect(progressPercent({ status: 'failed', rows_done: 0, rows_total: null })).toBe(100);
    expect(statusLabel('succeeded')).toBe('Succeeded');
  });

  it('shortens long lists of rows', () => {
    expect(rowsText([1, 2, 3])).toBe('1, 2, 3');
    expect(rowsText([1, 2, 3, 4, 5], 2)).toBe('1, 2 and 3 more');
    expect(rowsText([])).toBe('');
  });
});
