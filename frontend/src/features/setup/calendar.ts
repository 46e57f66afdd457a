// The assessment calendars a trust starts from, and the DfE's advice on how many there should be.
import type { PointCreate } from './setupApi';

/** The Department for Education's workload advice: no more than three data collections a year. */
export const ADVISED_COLLECTIONS = 3;

export type Preset = 'termly' | 'half-termly';

// code, name, slot, month (1-12), day
const TERMLY: [string, string, string, number, number][] = [
  ['aut', 'Autumn', 'aut', 12, 10],
  ['spr', 'Spring', 'spr', 3, 25],
  ['sum', 'Summer', 'sum', 7, 10],
];

const HALF_TERMLY: [string, string, string, number, number][] = [
  ['aut1', 'Autumn 1', 'aut', 10, 17],
  ['aut2', 'Autumn 2', 'aut', 12, 12],
  ['spr1', 'Spring 1', 'spr', 2, 11],
  ['spr2', 'Spring 2', 'spr', 3, 27],
  ['sum1', 'Summer 1', 'sum', 5, 20],
  ['sum2', 'Summer 2', 'sum', 7, 15],
];

/** The points of a preset for an academic year written "2026/27" (autumn in its first calendar year). */
export function presetPoints(preset: Preset, academicYear: string): PointCreate[] {
  const first = Number(academicYear.slice(0, 4));
  const rows = preset === 'termly' ? TERMLY : HALF_TERMLY;
  return rows.map(([code, name, slot, month, day], i) => {
    const year = month >= 9 ? first : first + 1;
    const assessed = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return { academic_year: academicYear, code, name, slot, ordinal: i + 1, assessed_on: assessed };
  });
}

/** The warning to show for a year with this many collections, or null within the advice. */
export function workloadWarning(count: number): string | null {
  if (count <= ADVISED_COLLECTIONS) return null;
  return (
    `This year has ${count} data collections. The DfE's workload advice is no more than ` +
    `${ADVISED_COLLECTIONS} a year: each one costs teachers time that is not spent teaching.`
  );
}
