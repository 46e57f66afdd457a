// Which term a day falls in, for target groups: autumn September–December, spring
// January–April, summer May–August.
import type { Term } from './types';

export const TERM_NAMES: Record<Term, string> = { aut: 'Autumn', spr: 'Spring', sum: 'Summer' };

export function termOf(day: Date): Term {
  const month = day.getMonth() + 1;
  if (month >= 9) return 'aut';
  return month <= 4 ? 'spr' : 'sum';
}

export function isTerm(value: string | null): value is Term {
  return value === 'aut' || value === 'spr' || value === 'sum';
}

const REASONS: Record<string, string> = {
  stuck: 'Stuck',
  falling_behind: 'Falling behind',
  slow: 'Slow progress',
  just_below_are: 'One step below ARE',
};

export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}
