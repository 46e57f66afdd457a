// The geometry of a pupil's assessment chart, one subject at a time: pure functions, so the
// scaling can be tested without a browser. AssessmentChart.tsx draws what these return.
import type { AssessmentRead } from '../../api/types';
import { bySubject, nonResultLabel, pointLabel, pointShortName } from './format';

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const CHART_SIZE: ChartSize = {
  width: 480,
  height: 236,
  margin: { top: 28, right: 12, bottom: 50, left: 42 },
};

/** One assessment point on the x axis. */
export interface Slot {
  key: string;
  academicYear: string;
  point: string;
  /** "Spr" */
  shortName: string;
  /** "2025/26 Spr" */
  label: string;
  assessedOn: string;
  x: number;
  result: AssessmentRead;
  /** The points plotted, or null for a gap (a recorded non-result). */
  value: number | null;
  y: number | null;
}

export interface YearBand {
  academicYear: string;
  x0: number;
  x1: number;
}

export interface SubjectChart {
  subject: string;
  /** The scale the chart plots (the one most of the subject's results are on). */
  scale: string | null;
  slots: Slot[];
  /** Unbroken runs of plotted points; a gap ends one run and starts the next. */
  segments: { x: number; y: number }[][];
  yTicks: { value: number; y: number }[];
  years: YearBand[];
  plot: { left: number; right: number; top: number; bottom: number };
  /** Recorded non-results (absent …): gaps in the line. */
  gaps: Slot[];
  /** Results not on the plotted scale (a test's scaled score, say): listed, not drawn. */
  others: AssessmentRead[];
}

/** Evenly spaced round tick values covering [min, max], at most about `maxTicks` of them. */
export function niceTicks(min: number, max: number, maxTicks = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const span = hi - lo;
  let step = 1;
  for (const candidate of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000]) {
    step = candidate;
    if (Math.ceil(hi / candidate) - Math.floor(lo / candidate) <= Math.max(1, maxTicks - 1)) break;
  }
  if (span / step > maxTicks * 10) step = Math.pow(10, Math.ceil(Math.log10(span / maxTicks)));
  const first = Math.floor(lo / step) * step;
  const last = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= last + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** A straight-line map from `domain` to `range`; a flat domain maps to the range's middle. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

function slotKey(a: AssessmentRead): string {
  return `${a.academic_year}|${a.point}`;
}

function byWhen(a: AssessmentRead, b: AssessmentRead): number {
  return (
    a.assessed_on.localeCompare(b.assessed_on) ||
    a.academic_year.localeCompare(b.academic_year) ||
    a.point.localeCompare(b.point) ||
    a.recorded_at.localeCompare(b.recorded_at)
  );
}

/** The scale most of these results with points are on (the earliest one on a tie). */
function mainScale(results: readonly AssessmentRead[]): string | null {
  const counts = new Map<string | null, number>();
  for (const r of [...results].sort(byWhen)) {
    if (r.non_result === null && r.points !== null) counts.set(r.scale, (counts.get(r.scale) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [scale, count] of counts) {
    if (count > bestCount) {
      best = scale;
      bestCount = count;
    }
  }
  return best;
}

/** Lays out one subject's results: x = assessment points in date order, y = the step's points. */
export function buildSubjectChart(
  subject: string,
  results: readonly AssessmentRead[],
  size: ChartSize = CHART_SIZE,
): SubjectChart {
  const scale = mainScale(results);
  const plotted = (r: AssessmentRead) => r.non_result === null && r.points !== null && r.scale === scale;
  const chosen = new Map<string, AssessmentRead>();
  const others: AssessmentRead[] = [];
  for (const r of [...results].sort(byWhen)) {
    if (!plotted(r) && r.non_result === null) {
      others.push(r);
      continue;
    }
    const key = slotKey(r);
    const held = chosen.get(key);
    // One result per point: a plotted result beats a non-result; otherwise the later one stands.
    if (!held || plotted(r) || !plotted(held)) chosen.set(key, r);
  }

  const ordered = [...chosen.values()].sort(byWhen);
  const plot = {
    left: size.margin.left,
    right: size.width - size.margin.right,
    top: size.margin.top,
    bottom: size.height - size.margin.bottom,
  };
  const values = ordered.filter(plotted).map((r) => r.points as number);
  const ticks = values.length ? niceTicks(Math.min(...values), Math.max(...values)) : [];
  const domain: [number, number] = ticks.length ? [ticks[0]!, ticks[ticks.length - 1]!] : [0, 1];
  const y = linearScale(domain, [plot.bottom, plot.top]);
  const band = ordered.length ? (plot.right - plot.left) / ordered.length : 0;

  const slots: Slot[] = ordered.map((r, i) => {
    const value = plotted(r) ? (r.points as number) : null;
    return {
      key: slotKey(r),
      academicYear: r.academic_year,
      point: r.point,
      shortName: pointShortName(r.point, r.point_name),
      label: pointLabel(r.academic_year, r.point, r.point_name),
      assessedOn: r.assessed_on,
      x: plot.left + band * (i + 0.5),
      result: r,
      value,
      y: value === null ? null : y(value),
    };
  });

  const segments: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  for (const slot of slots) {
    if (slot.y === null) {
      if (run.length) segments.push(run);
      run = [];
    } else {
      run.push({ x: slot.x, y: slot.y });
    }
  }
  if (run.length) segments.push(run);

  const years: YearBand[] = [];
  slots.forEach((slot, i) => {
    const last = years[years.length - 1];
    const x0 = plot.left + band * i;
    const x1 = x0 + band;
    if (last && last.academicYear === slot.academicYear) last.x1 = x1;
    else years.push({ academicYear: slot.academicYear, x0, x1 });
  });

  return {
    subject,
    scale,
    slots,
    segments,
    yTicks: ticks.map((value) => ({ value, y: y(value) })),
    years,
    plot,
    gaps: slots.filter((s) => s.value === null),
    others,
  };
}

/**
 * A pupil's results grouped by subject: in `order` (the trust's subject order) where given,
 * then the core subjects first.
 */
export function resultsBySubject(
  results: readonly AssessmentRead[],
  order: readonly string[] = [],
): { subject: string; results: AssessmentRead[] }[] {
  const groups = new Map<string, AssessmentRead[]>();
  for (const r of results) {
    const list = groups.get(r.subject) ?? [];
    list.push(r);
    groups.set(r.subject, list);
  }
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || bySubject(a, b))
    .map((subject) => ({ subject, results: groups.get(subject)! }));
}

/** How a result reads in words: "Year 5 emerging (Y5E)", "scaled score 104", "absent". */
export function resultText(r: AssessmentRead): string {
  if (r.non_result) return `No result (${nonResultLabel(r.non_result)})`;
  if (r.step_label && r.step && !r.step_label.includes(r.step)) return `${r.step_label} (${r.step})`;
  if (r.step_label || r.step) return (r.step_label ?? r.step) as string;
  if (r.score !== null) return `Score ${r.score}`;
  return '—';
}

/** One sentence for the chart's <desc>: where the line starts and ends, and what is missing. */
export function describeChart(chart: SubjectChart, subjectName: string): string {
  const plotted = chart.slots.filter((s) => s.value !== null);
  const first = plotted[0];
  const last = plotted[plotted.length - 1];
  if (!first || !last) return `${subjectName}: no results on a scale with points to draw.`;
  const count = `${plotted.length} ${plotted.length === 1 ? 'result' : 'results'}`;
  const step = (s: Slot) => s.result.step_label ?? s.result.step ?? String(s.value);
  let sentence =
    first === last
      ? `${subjectName}: 1 result, ${step(first)} at ${first.label}.`
      : `${subjectName}: ${count} from ${step(first)} at ${first.label} to ${step(last)} at ${last.label}.`;
  if (chart.gaps.length) {
    sentence += ` No result at ${chart.gaps.map((g) => `${g.label} (${nonResultLabel(g.result.non_result ?? '')})`).join(', ')}.`;
  }
  return sentence;
}
