import { describe, expect, it } from 'vitest';
import { GAP_CHART, barWidth, gapYearGroups, labelInside, layoutGaps } from './gapsChart';
import type { Gap, GroupMeasures } from './types';

const measures = (percent: number | null, progress: number | null, suppressed = false): GroupMeasures => ({
  size: suppressed ? null : 20,
  at_or_above: null,
  percent_at_or_above: percent,
  percent_expected_or_better: progress,
  average_gain: null,
  suppressed,
});

const gap = (year_group: string, subgroup: Gap['subgroup'], group: GroupMeasures, rest: GroupMeasures): Gap => ({
  year_group,
  subgroup,
  group,
  rest,
  gap_percent: null,
  gap_pupils: null,
});

describe('gaps chart', () => {
  const plot = GAP_CHART.width - GAP_CHART.left - GAP_CHART.right;
  it('draws bars in proportion to the percentage, clamped to 0–100', () => {
    expect(barWidth(50)).toBe(plot / 2);
    expect(barWidth(100)).toBe(plot);
    expect(barWidth(140)).toBe(plot);
    expect(barWidth(null)).toBe(0);
  });
  it('gives each subgroup four bars, group then rest, attainment then progress', () => {
    const { rows } = layoutGaps([gap('all', 'girls', measures(60, 80), measures(40, 90))]);
    expect(rows[0]?.bars.map((b) => [b.measure, b.who, b.percent])).toEqual([
      ['are', 'group', 60],
      ['are', 'rest', 40],
      ['progress', 'group', 80],
      ['progress', 'rest', 90],
    ]);
  });
  it('draws no bar for a suppressed group', () => {
    const { rows } = layoutGaps([gap('all', 'sen', measures(50, 50, true), measures(40, 90))]);
    expect(rows[0]?.bars[0]?.width).toBe(0);
    expect(rows[0]?.bars[0]?.percent).toBeNull();
  });
  it('stacks subgroups downwards and grows the chart with them', () => {
    const one = layoutGaps([gap('all', 'girls', measures(1, 1), measures(1, 1))]);
    const two = layoutGaps([gap('all', 'girls', measures(1, 1), measures(1, 1)), gap('all', 'boys', measures(1, 1), measures(1, 1))]);
    expect(two.rows[1]!.y).toBeGreaterThan(two.rows[0]!.y);
    expect(two.height).toBeGreaterThan(one.height);
  });
  it('lists the whole school first, then the year groups', () => {
    const m = measures(1, 1);
    expect(gapYearGroups([gap('Y1', 'girls', m, m), gap('all', 'girls', m, m), gap('Y2', 'boys', m, m)])).toEqual(['all', 'Y1', 'Y2']);
  });
  it("puts a long bar's label inside it, so it stays within the chart", () => {
    expect(labelInside({ x: GAP_CHART.left, width: barWidth(95) })).toBe(true);
    expect(labelInside({ x: GAP_CHART.left, width: barWidth(30) })).toBe(false);
  });
});
