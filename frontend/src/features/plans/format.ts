// Words and numbers for plans: states, themes, phases, statuses, trajectories and figures.
import type { ActionRead, CriterionRead, PlanState, Rag } from './plansApi';

export const TERMS = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof TERMS)[number];

const STATES: Record<PlanState, string> = {
  draft: 'Draft',
  active: 'Active',
  reviewed: 'Reviewed',
  archived: 'Archived',
};
export const stateLabel = (s: PlanState) => STATES[s] ?? s;

export const THEMES: Record<string, string> = {
  standards: 'Raising standards and accelerating progress',
  teaching: 'Quality of teaching and learning',
  conditions: 'Conditions for learning',
  leadership: 'Leading on learning',
};
export const PHASES: Record<string, string> = {
  explore: 'Explore',
  prepare: 'Prepare',
  deliver: 'Deliver',
  sustain: 'Sustain',
};
export const STATUSES: Record<ActionRead['status'], string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  done: 'Done',
  dropped: 'Dropped',
};
export const TRAJECTORIES: Record<string, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  not_known: 'Not known yet',
};
export const RAGS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export function termLabel(term: string, academicYear: string): string {
  return `${term.charAt(0).toUpperCase()}${term.slice(1)} ${academicYear}`;
}

/** A figure in its unit: "46.4%", "2 pupils", "+1.5 steps", "−16.1 points". */
export function figure(value: number | null | undefined, unit: string | null | undefined, measure?: string | null): string {
  if (value === null || value === undefined) return '—';
  if (measure === 'gap_percent') return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value)} points`;
  switch (unit) {
    case 'percent':
      return `${value}%`;
    case 'count':
      return `${value} ${value === 1 ? 'pupil' : 'pupils'}`;
    case 'pupils':
      return `${value} ${Math.abs(value) === 1 ? 'pupil' : 'pupils'}`;
    case 'points':
      return `${value} ${Math.abs(value) === 1 ? 'step' : 'steps'}`;
    default:
      return String(value);
  }
}

const SUBGROUPS: Record<string, string> = {
  disadvantaged: 'disadvantaged',
  girls: 'girls',
  boys: 'boys',
  sen: 'SEN',
  eal: 'EAL',
  looked_after: 'looked after',
  more_able: 'more able',
};

/** "Year 6 · writing", "Whole school · reading · disadvantaged against the rest". */
export function cohortText(c: Pick<CriterionRead, 'year_groups' | 'subject' | 'subgroup' | 'measure'>): string {
  const years = c.year_groups.length
    ? c.year_groups.map((y) => (y === 'R' ? 'Reception' : y.replace(/^Y/, 'Year '))).join(', ')
    : 'Whole school';
  const parts = [years];
  if (c.subject) parts.push(c.subject === 'combined' ? 'reading, writing and maths' : c.subject);
  if (c.subgroup) parts.push(c.measure?.startsWith('gap') ? `${SUBGROUPS[c.subgroup] ?? c.subgroup} against the rest` : SUBGROUPS[c.subgroup] ?? c.subgroup);
  return parts.join(' · ');
}

/** Actions in the order a leader reads them: overdue first, then by due date. */
export function byUrgency<A extends Pick<ActionRead, 'overdue' | 'due_on' | 'id'>>(actions: readonly A[]): A[] {
  return [...actions].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due_on.localeCompare(b.due_on) || a.id - b.id);
}

/** Whether a leader's RAG needs a reason: it differs from the one the data suggests. */
export function needsReason(suggested: Rag | null | undefined, chosen: Rag | null | undefined): boolean {
  return Boolean(suggested && chosen && suggested !== chosen);
}
