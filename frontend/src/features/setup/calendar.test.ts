import { describe, expect, it } from 'vitest';
import { presetPoints, workloadWarning } from './calendar';

describe('assessment calendar presets', () => {
  it('puts three termly points in the right calendar years of an academic year', () => {
    const points = presetPoints('termly', '2026/27');
    expect(points.map((p) => [p.code, p.slot, p.assessed_on, p.ordinal])).toEqual([
      ['aut', 'aut', '2026-12-10', 1],
      ['spr', 'spr', '2027-03-25', 2],
      ['sum', 'sum', '2027-07-10', 3],
    ]);
  });

  it('gives six half-termly points, two to each term slot', () => {
    const points = presetPoints('half-termly', '2027/28');
    expect(points).toHaveLength(6);
    expect(points.map((p) => p.slot)).toEqual(['aut', 'aut', 'spr', 'spr', 'sum', 'sum']);
    expect(points[0]!.assessed_on).toBe('2027-10-17');
    expect(points[5]!.assessed_on).toBe('2028-07-15');
  });
});

describe('workload warning', () => {
  it('says nothing up to three collections and warns from four, naming the count', () => {
    expect(workloadWarning(0)).toBeNull();
    expect(workloadWarning(3)).toBeNull();
    expect(workloadWarning(6)).toContain('This year has 6 data collections');
    expect(workloadWarning(4)).toContain('no more than 3 a year');
  });
});
