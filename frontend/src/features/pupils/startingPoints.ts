// A pupil's starting points: their national statutory results (EYFS profile, phonics check,
// KS1, multiplication tables check, KS2), from whichever school recorded them, in the order
// they were taken.
import type { AssessmentRead } from '../../api/types';
import { resultText } from './chart';
import { bySubject, subjectLabel } from './format';

export interface StartingPoint {
  key: string;
  /** "KS1 assessments", "Phonics screening check (Year 2 retake)" */
  assessment: string;
  academicYear: string;
  subject: string;
  result: string;
}

// Marks out of a fixed total read better as "28 out of 40" than as a bare score.
const OUT_OF: Record<string, number> = { phonics_mark: 40, mtc_score: 25 };

export function statutoryResultText(r: AssessmentRead): string {
  if (r.score !== null && r.scale && OUT_OF[r.scale] !== undefined) return `${r.score} out of ${OUT_OF[r.scale]}`;
  if (r.score !== null && r.scale?.endsWith('_scaled')) return `Scaled score ${r.score}`;
  return resultText(r);
}

export function startingPoints(results: readonly AssessmentRead[]): StartingPoint[] {
  const statutory = results.filter((r) => r.statutory);
  const phonicsYears = [...new Set(statutory.filter((r) => r.point === 'phonics').map((r) => r.academic_year))].sort();
  return [...statutory]
    .sort((a, b) => a.assessed_on.localeCompare(b.assessed_on) || bySubject(a.subject, b.subject))
    .map((r) => ({
      key: String(r.id),
      assessment:
        r.point === 'phonics' && phonicsYears.length > 1 && r.academic_year === phonicsYears[phonicsYears.length - 1]
          ? `${r.point_name} (Year 2 retake)`
          : r.point_name,
      academicYear: r.academic_year,
      subject: subjectLabel(r.subject),
      result: statutoryResultText(r),
    }));
}

/** The results the charts draw: the school's own assessment points, not the statutory ones. */
export function trackedResults(results: readonly AssessmentRead[]): AssessmentRead[] {
  return results.filter((r) => !r.statutory);
}
