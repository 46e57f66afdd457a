// The geometry of the gaps chart: per subgroup, two pairs of bars (the group and the rest) for
// % at or above ARE and % expected-or-better progress, on a 0–100% axis.
import type { Gap } from './types';

export const GAP_CHART = { width: 720, left: 170, right: 24, top: 28, bar: 14, pairGap: 4, groupGap: 26 };

export interface GapBar {
  measure: 'are' | 'progress';
  who: 'group' | 'rest';
  percent: number | null;
  x: number;
  y: number;
  width: number;
}

export interface GapRow {
  gap: Gap;
  y: number;
  bars: GapBar[];
}

export function barWidth(percent: number | null): number {
  if (percent === null) return 0;
  const plot = GAP_CHART.width - GAP_CHART.left - GAP_CHART.right;
  return (Math.max(0, Math.min(100, percent)) / 100) * plot;
}

export function percentX(percent: number): number {
  return GAP_CHART.left + barWidth(percent);
}

/** Rows for one year group's gaps ("all" for the whole school), in the order given. */
export function layoutGaps(gaps: readonly Gap[]): { rows: GapRow[]; height: number } {
  const { top, bar, pairGap, groupGap, left } = GAP_CHART;
  const rowHeight = bar * 4 + pairGap * 3;
  const rows = gaps.map((gap, i): GapRow => {
    const y = top + i * (rowHeight + groupGap);
    const series: [GapBar['measure'], GapBar['who'], number | null][] = [
      ['are', 'group', gap.group.suppressed ? null : gap.group.percent_at_or_above],
      ['are', 'rest', gap.rest.suppressed ? null : gap.rest.percent_at_or_above],
      ['progress', 'group', gap.group.suppressed ? null : gap.group.percent_expected_or_better],
      ['progress', 'rest', gap.rest.suppressed ? null : gap.rest.percent_expected_or_better],
    ];
    return {
      gap,
      y,
      bars: series.map(([measure, who, percent], j) => ({
        measure,
        who,
        percent,
        x: left,
        y: y + j * (bar + pairGap),
        width: barWidth(percent),
      })),
    };
  });
  const height = top + rows.length * (rowHeight + groupGap) + 8;
  return { rows, height };
}

/** The year groups a gap table covers, "all" first. */
export function gapYearGroups(gaps: readonly Gap[]): string[] {
  const groups = [...new Set(gaps.map((g) => g.year_group))];
  return [...groups.filter((g) => g === 'all'), ...groups.filter((g) => g !== 'all')];
}

/** Room a bar's label needs beside it; longer bars carry their label inside, at their end. */
export const LABEL_ROOM = 150;

export function labelInside(bar: Pick<GapBar, 'x' | 'width'>): boolean {
  return bar.x + bar.width + LABEL_ROOM > GAP_CHART.width;
}
