import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/types';
import {
  batchesOf,
  countsText,
  jobErrors,
  progressPercent,
  qualityOf,
  rowsText,
  statusLabel,
  type ImportSummary,
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

const summary = (extra: Partial<ImportSummary> = {}): ImportSummary => ({
  pupils: null,
  results: null,
  file_errors: 0,
  message: null,
  unknown_codes: {},
  ...extra,
});

describe("an import job's errors", () => {
  it('names the row and field of each error, in the order the server sends them', () => {
    const errors = jobErrors({
      errors: [
        { pointer: '/rows/5/upn', message: 'the check letter should be K, not A', code: 'upn_check_letter' },
        { pointer: '/pupils/3/class', message: 'no class Owls this year', code: 'class' },
        { pointer: '/results/1/result', message: 'not a step of the scale', code: 'result' },
      ],
    });
    expect(errors).toEqual([
      { section: 'rows', row: 5, field: 'upn', code: 'upn_check_letter', message: 'the check letter should be K, not A' },
      { section: 'pupils', row: 3, field: 'class', code: 'class', message: 'no class Owls this year' },
      { section: 'results', row: 1, field: 'result', code: 'result', message: 'not a step of the scale' },
    ]);
  });

  it('reads a file that could not be read at all, and no errors', () => {
    expect(jobErrors({ errors: [{ pointer: '/file', message: 'the file is not UTF-8', code: 'encoding' }] })).toEqual([
      { section: 'file', row: null, field: null, code: 'encoding', message: 'the file is not UTF-8' },
    ]);
    expect(jobErrors({ errors: [] })).toEqual([]);
  });
});

describe("an import job's summary", () => {
  it('lists the batches written, pupils before results', () => {
    const pupils = batch({ created: 3 });
    const results = batch({ created: 7 });
    expect(batchesOf(summary({ pupils, results }))).toEqual([
      ['Pupils', pupils],
      ['Results', results],
    ]);
    expect(batchesOf(summary({ results }))).toEqual([['Results', results]]);
    expect(batchesOf(summary())).toEqual([]);
    expect(batchesOf(null)).toEqual([]);
    expect(countsText(pupils)).toBe('3 created, 0 updated, 0 unchanged, 0 rejected');
  });

  it("adds up the file's and every batch's data quality", () => {
    const quality = qualityOf(
      summary({
        unknown_codes: { XX: [3, 9], 'subject:Y9Q': [12] },
        pupils: batch({ quality: { ...batch().quality, invalid_upns: { count: 1, rows: [5] } } }),
        results: batch({
          quality: {
            invalid_upns: { count: 1, rows: [2] },
            duplicates_merged: { count: 1, rows: [8] },
            unknown_codes: { 'subject:Y9Q': { count: 1, rows: [4] }, 'point:none': { count: 0, rows: [] } },
            missing_results: [{ academic_year: '2026/27', point: 'aut', subject: 'maths', count: 3, pupil_ids: [1, 2, 3] }],
          },
        }),
      }),
    );
    expect(quality.invalidUpns).toEqual({ count: 2, rows: [2, 5] });
    expect(quality.duplicatesMerged).toEqual({ count: 1, rows: [8] });
    expect(quality.unknownCodes).toEqual({
      XX: { count: 2, rows: [3, 9] },
      'subject:Y9Q': { count: 2, rows: [4, 12] },
    });
    expect(quality.missingResults).toEqual([
      { academic_year: '2026/27', point: 'aut', subject: 'maths', count: 3, pupil_ids: [1, 2, 3] },
    ]);
  });

  it('finds nothing wrong in a failed job that wrote nothing, or a job not finished', () => {
    const empty = { unknownCodes: {}, invalidUpns: { count: 0, rows: [] }, duplicatesMerged: { count: 0, rows: [] }, missingResults: [] };
    expect(qualityOf(summary({ message: '1 row(s) of the file are not valid, so nothing was imported.' }))).toEqual(empty);
    expect(qualityOf(null)).toEqual(empty);
    expect(qualityOf(summary({ unknown_codes: { ZZ: [] } })).unknownCodes).toEqual({});
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
