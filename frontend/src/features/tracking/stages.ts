// The national statutory assessments a transition matrix can start from, each with the year
// group that takes it, so a year group is offered only those it has already taken.
import type { StageCode } from '../../api/types';

export interface StatutoryStage {
  code: StageCode;
  name: string;
  takenIn: string;
}

export const STAGES: readonly StatutoryStage[] = [
  { code: 'eyfs', name: 'EYFS profile (Reception)', takenIn: 'R' },
  { code: 'phonics', name: 'Phonics check (Year 1)', takenIn: 'Y1' },
  { code: 'ks1', name: 'KS1 (Year 2)', takenIn: 'Y2' },
  { code: 'mtc', name: 'Multiplication tables check (Year 4)', takenIn: 'Y4' },
  { code: 'ks2', name: 'KS2 (Year 6)', takenIn: 'Y6' },
];

function rank(yearGroup: string): number {
  if (yearGroup === 'N') return -1;
  if (yearGroup === 'R') return 0;
  const n = Number(yearGroup.slice(1));
  return Number.isInteger(n) ? n : 99;
}

/** The statutory assessments pupils in a year group took in an earlier year. */
export function stagesTakenBefore(yearGroup: string | null): StatutoryStage[] {
  if (!yearGroup) return [];
  return STAGES.filter((s) => rank(s.takenIn) < rank(yearGroup));
}

export function isStageCode(value: string | null): value is StageCode {
  return STAGES.some((s) => s.code === value);
}
