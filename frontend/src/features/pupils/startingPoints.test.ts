import { describe, expect, it } from 'vitest';
import type { AssessmentRead } from '../../api/types';
import { startingPoints, trackedResults } from './startingPoints';

let serial = 0;
function result(point: string, academic_year: string, assessed_on: string, extra: Partial<AssessmentRead>): AssessmentRead {
  serial += 1;
  return {
    id: serial,
    pupil_id: 1,
    school_id: 1,
    subject: 'reading',
    academic_year,
    point,
    point_name: point,
    statutory: true,
    assessed_on,
    scale: null,
    step: null,
    step_label: null,
    points: null,
    score: null,
    non_result: null,
    source: 'import',
    recorded_by: 'test',
    recorded_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

const phonics = (year: string, on: string, mark: number) =>
  result('phonics', year, on, { subject: 'phonics', point_name: 'Phonics screening check', scale: 'phonics_mark', score: mark });

describe('starting points', () => {
  it('lists statutory results in the order they were taken, marks out of their total', () => {
    const rows = startingPoints([
      result('mtc', '2025/26', '2026-06-20', { subject: 'maths', point_name: 'Multiplication tables check', scale: 'mtc_score', score: 21 }),
      result('ks1', '2023/24', '2024-06-30', { subject: 'maths', point_name: 'KS1 assessments', scale: 'ks_ta', step: 'WTS', step_label: 'Working towards the expected standard' }),
      result('ks1', '2023/24', '2024-06-30', { point_name: 'KS1 assessments', scale: 'ks_ta', step: 'EXS', step_label: 'Working at the expected standard' }),
      result('aut', '2026/27', '2026-11-20', { statutory: false, scale: 'year_steps', step: 'Y5E', step_label: 'Year 5 emerging' }),
    ]);
    expect(rows.map((r) => [r.assessment, r.academicYear, r.subject, r.result])).toEqual([
      ['KS1 assessments', '2023/24', 'Reading', 'Working at the expected standard (EXS)'],
      ['KS1 assessments', '2023/24', 'Maths', 'Working towards the expected standard (WTS)'],
      ['Multiplication tables check', '2025/26', 'Maths', '21 out of 25'],
    ]);
  });

  it('names the later of two phonics checks the Year 2 retake', () => {
    const rows = startingPoints([phonics('2023/24', '2024-06-15', 36), phonics('2022/23', '2023-06-15', 27)]);
    expect(rows.map((r) => [r.assessment, r.result])).toEqual([
      ['Phonics screening check', '27 out of 40'],
      ['Phonics screening check (Year 2 retake)', '36 out of 40'],
    ]);
    expect(startingPoints([phonics('2022/23', '2023-06-15', 35)])[0]!.assessment).toBe('Phonics screening check');
  });

  it('leaves the statutory results out of the charts', () => {
    const termly = result('aut', '2026/27', '2026-11-20', { statutory: false });
    expect(trackedResults([phonics('2022/23', '2023-06-15', 35), termly])).toEqual([termly]);
  });
});
