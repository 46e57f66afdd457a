// Words and numbers for the tracking pages: withheld counts, percentages, flags, subgroups.
import type { Attainment, Flag, Subgroup, TrackingPoint } from './types';

/** A withheld number. It is withheld for being small, or because it would let a small one be
 * worked out (a larger count beside a small one), so the words never say how big it is. */
export const NOT_SHOWN = 'not shown';

/** The key to withheld numbers, for a view that withholds them. */
export function withheldKey(threshold: number): string {
  return `Numbers for groups of fewer than ${threshold} pupils are not shown, nor numbers from which one could be worked out.`;
}

/** A count as shown: a suppressed one reads "not shown", never a number. */
export function countText(count: number | null, suppressed: boolean): string {
  if (suppressed) return NOT_SHOWN;
  return count === null ? '—' : String(count);
}

/** 53.8 → "53.8%"; whole numbers without a decimal; suppressed as "not shown". */
export function percentText(value: number | null, suppressed = false): string {
  if (suppressed) return NOT_SHOWN;
  if (value === null) return '—';
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** Percentage points, signed: "+4.1 points", "−16.1 points". */
export function pointsText(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0 points';
  const size = Math.abs(rounded);
  return `${rounded > 0 ? '+' : '−'}${Number.isInteger(size) ? size.toFixed(0) : size.toFixed(1)} points`;
}

/** A gap in whole pupils, in words: how many more of the group would need to reach ARE. */
export function gapPupilsText(pupils: number | null): string {
  if (pupils === null) return 'gap in pupils not known';
  if (pupils === 0) return 'no gap in pupils';
  const n = Math.abs(pupils);
  const who = `${n} ${n === 1 ? 'pupil' : 'pupils'}`;
  return pupils > 0 ? `${who} more would need to reach ARE to match the rest` : `ahead of the rest by ${who}`;
}

export function gainText(value: number | null): string {
  if (value === null) return '—';
  return String(Math.round(value * 10) / 10);
}

export const FLAG_LABELS: Record<Flag, string> = {
  accelerated: 'Accelerated',
  expected: 'Expected',
  slow: 'Slow',
  stuck: 'Stuck',
  falling_behind: 'Falling behind',
  missing: 'Missing',
  not_comparable: 'Not comparable',
  no_expectation: 'No expectation',
};

export const FLAGS = Object.keys(FLAG_LABELS) as Flag[];

export function flagLabel(flag: Flag | null): string {
  return flag ? FLAG_LABELS[flag] : 'No flag';
}

/** Flags that ask for someone to act, in the order a list of them is read. */
export const CONCERNS: readonly Flag[] = ['stuck', 'falling_behind', 'slow'];

export const SUBGROUP_LABELS: Record<Subgroup, string> = {
  disadvantaged: 'Disadvantaged',
  girls: 'Girls',
  boys: 'Boys',
  sen: 'SEN',
  eal: 'EAL',
  looked_after: 'Looked after',
  more_able: 'More able',
};

export const SUBGROUPS = Object.keys(SUBGROUP_LABELS) as Subgroup[];

const ATTAINMENT_LABELS: Record<Attainment, string> = {
  above: 'Above ARE',
  at: 'At ARE',
  below: 'Below ARE',
  missing: 'No result',
  no_expectation: 'No expectation',
};

export function attainmentLabel(attainment: Attainment): string {
  return ATTAINMENT_LABELS[attainment];
}

/** "Autumn 2026/27". */
export function pointName(point: Pick<TrackingPoint, 'name' | 'academic_year'>): string {
  return `${point.name} ${point.academic_year}`;
}

export function isSubgroup(value: string | null): value is Subgroup {
  return value !== null && (SUBGROUPS as string[]).includes(value);
}

export function isFlag(value: string | null): value is Flag {
  return value !== null && (FLAGS as string[]).includes(value);
}
