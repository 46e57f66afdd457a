import { describe, expect, it } from 'vitest';
import type { AssessmentRead } from '../../api/types';
import { CHART_SIZE, buildSubjectChart, describeChart, linearScale, niceTicks, resultText, resultsBySubject } from './chart';

let serial = 0;
function result(
  academic_year: string,
  point: string,
  assessed_on: string,
  extra: Partial<AssessmentRead> = {},
): AssessmentRead {
  serial += 1;
  const points = extra.points === undefined ? 16 : extra.points;
  return {
    id: serial,
    pupil_id: 1,
    school_id: 1,
    subject: 'reading',
    academic_year,
    point,
    point_name: { aut: 'Autumn', spr: 'Spring', sum: 'Summer' }[point] ?? point,
    statutory: false,
    assessed_on,
    scale: 'year_steps',
    step: points === null ? null : `S${points}`,
    step_label: points === null ? null : `Step ${points}`,
    points,
    score: null,
    non_result: null,
    source: 'mis',
    recorded_by: 'test',
    recorded_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

describe('scales and ticks', () => {
  it('picks round ticks that cover the values', () => {
    expect(niceTicks(16, 24)).toEqual([16, 18, 20, 22, 24]);
    expect(niceTicks(17, 23)).toEqual([16, 18, 20, 22, 24]);
    expect(niceTicks(20, 20)).toEqual([19, 20, 21]);
    expect(niceTicks(80, 120)).toEqual([80, 90, 100, 110, 120]);
    expect(niceTicks(3, 4)).toEqual([3, 4]);
    expect(niceTicks(Number.NaN, 4)).toEqual([]);
  });

  it('maps a domain onto a range, upside down for SVG', () => {
    const y = linearScale([10, 20], [200, 0]);
    expect(y(10)).toBe(200);
    expect(y(20)).toBe(0);
    expect(y(15)).toBe(100);
    expect(linearScale([5, 5], [200, 0])(5)).toBe(100);
  });
});

describe('a subject chart', () => {
  const results = [
    // Out of order on purpose: the chart sorts by date.
    result('2025/26', 'aut', '2025-12-10', { points: 20 }),
    result('2024/25', 'aut', '2024-12-10', { points: 16 }),
    result('2024/25', 'spr', '2025-03-25', { points: 17 }),
    result('2024/25', 'sum', '2025-07-10', { points: null, non_result: 'absent', scale: null }),
    result('2025/26', 'spr', '2026-03-25', { points: 22 }),
  ];
  const chart = buildSubjectChart('reading', results);

  it('puts the points in date order, evenly across the plot', () => {
    expect(chart.slots.map((s) => s.label)).toEqual([
      '2024/25 Aut',
      '2024/25 Spr',
      '2024/25 Sum',
      '2025/26 Aut',
      '2025/26 Spr',
    ]);
    const { left, right } = chart.plot;
    const band = (right - left) / 5;
    expect(chart.slots.map((s) => s.x)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5].map((i) => left + band * i));
    expect(chart.slots.map((s) => s.shortName)).toEqual(['Aut', 'Spr', 'Sum', 'Aut', 'Spr']);
  });

  it('scales points to the plot, higher steps higher up', () => {
    expect(chart.yTicks.map((t) => t.value)).toEqual([16, 18, 20, 22]);
    const [first, second] = chart.slots;
    expect(first!.y).toBe(chart.plot.bottom);
    expect(second!.y).toBeLessThan(first!.y!);
    expect(chart.slots[4]!.y).toBe(chart.plot.top);
    expect(chart.plot.bottom).toBe(CHART_SIZE.height - CHART_SIZE.margin.bottom);
  });

  it('breaks the line at a non-result and notes it', () => {
    expect(chart.segments.map((run) => run.length)).toEqual([2, 2]);
    expect(chart.gaps.map((g) => g.label)).toEqual(['2024/25 Sum']);
    expect(chart.slots[2]!.value).toBeNull();
    expect(describeChart(chart, 'Reading')).toBe(
      'Reading: 4 results from Step 16 at 2024/25 Aut to Step 22 at 2025/26 Spr. No result at 2024/25 Sum (absent).',
    );
  });

  it('bands the points by academic year', () => {
    expect(chart.years.map((y) => y.academicYear)).toEqual(['2024/25', '2025/26']);
    const { left, right } = chart.plot;
    expect(chart.years[0]!.x0).toBe(left);
    expect(chart.years[1]!.x1).toBeCloseTo(right);
    expect(chart.years[0]!.x1).toBeCloseTo(chart.years[1]!.x0);
  });

  it('lists results on another scale instead of drawing them', () => {
    const withTest = buildSubjectChart('reading', [
      ...results,
      result('2025/26', 'ks2', '2026-05-15', { scale: 'ks2_scaled', points: null, score: 104, step: null, step_label: null }),
    ]);
    expect(withTest.slots).toHaveLength(5);
    expect(withTest.others.map(resultText)).toEqual(['Score 104']);
  });

  it('keeps a plotted result over a non-result at the same point', () => {
    const twice = buildSubjectChart('maths', [
      result('2024/25', 'aut', '2024-12-10', { points: null, non_result: 'absent', scale: null }),
      result('2024/25', 'aut', '2024-12-12', { points: 15 }),
    ]);
    expect(twice.slots).toHaveLength(1);
    expect(twice.slots[0]!.value).toBe(15);
    expect(twice.segments).toEqual([[{ x: twice.slots[0]!.x, y: twice.slots[0]!.y }]]);
  });

  it('says so when nothing can be drawn', () => {
    const empty = buildSubjectChart('reading', [result('2024/25', 'aut', '2024-12-10', { points: null, non_result: 'absent', scale: null })]);
    expect(empty.yTicks).toEqual([]);
    expect(describeChart(empty, 'Reading')).toBe('Reading: no results on a scale with points to draw.');
  });
});

describe('results by subject', () => {
  it('groups results with the core subjects first', () => {
    const grouped = resultsBySubject([
      result('2024/25', 'aut', '2024-12-10', { subject: 'science' }),
      result('2024/25', 'aut', '2024-12-10', { subject: 'maths' }),
      result('2024/25', 'aut', '2024-12-10', { subject: 'reading' }),
      result('2024/25', 'spr', '2025-03-25', { subject: 'maths' }),
    ]);
    expect(grouped.map((g) => [g.subject, g.results.length])).toEqual([
      ['reading', 1],
      ['maths', 2],
      ['science', 1],
    ]);
  });

  it('follows the trust’s subject order when it is known', () => {
    const grouped = resultsBySubject(
      [
        result('2024/25', 'aut', '2024-12-10', { subject: 'reading' }),
        result('2024/25', 'aut', '2024-12-10', { subject: 'science' }),
        result('2024/25', 'aut', '2024-12-10', { subject: 'art' }),
        result('2024/25', 'aut', '2024-12-10', { subject: 'maths' }),
      ],
      ['science', 'maths', 'reading'],
    );
    expect(grouped.map((g) => g.subject)).toEqual(['science', 'maths', 'reading', 'art']);
  });

  it('reads results in words', () => {
    expect(resultText(result('2024/25', 'aut', '2024-12-10', { step: 'Y4E', step_label: 'Year 4 emerging' }))).toBe(
      'Year 4 emerging (Y4E)',
    );
    expect(resultText(result('2012/13', 'sum', '2013-07-10', { step: '2b', step_label: 'Level 2 Secure (2b)' }))).toBe(
      'Level 2 Secure (2b)',
    );
    expect(resultText(result('2024/25', 'aut', '2024-12-10', { non_result: 'not_required', points: null }))).toBe(
      'No result (not required)',
    );
  });
});
