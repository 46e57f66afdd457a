// The pupils list's search and filters, kept in the page address so a filtered list can be
// bookmarked, shared and reached with the back button.
import type { SenStatus } from '../../api/types';

export interface PupilFilters {
  q: string;
  /** A school's id, 'all' (a trust user's whole trust), or null for "the default". */
  school: number | 'all' | null;
  yearGroup: string | null;
  classId: number | null;
  disadvantaged: boolean | null;
  sen: SenStatus | null;
  eal: boolean | null;
}

export const NO_FILTERS: PupilFilters = {
  q: '',
  school: null,
  yearGroup: null,
  classId: null,
  disadvantaged: null,
  sen: null,
  eal: null,
};

const SEN_VALUES: readonly SenStatus[] = ['none', 'sen_support', 'ehc_plan'];
const MAX_ID = 2_147_483_647;

function id(raw: string | null): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= MAX_ID ? n : null;
}

function flag(raw: string | null): boolean | null {
  if (raw === 'yes') return true;
  if (raw === 'no') return false;
  return null;
}

export function parseFilters(params: URLSearchParams): PupilFilters {
  const school = params.get('school');
  const yearGroup = params.get('year_group');
  const sen = params.get('sen');
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    school: school === 'all' ? 'all' : id(school),
    yearGroup: yearGroup && /^[A-Z0-9]{1,3}$/.test(yearGroup) ? yearGroup : null,
    classId: id(params.get('class')),
    disadvantaged: flag(params.get('disadvantaged')),
    sen: SEN_VALUES.includes(sen as SenStatus) ? (sen as SenStatus) : null,
    eal: flag(params.get('eal')),
  };
}

export function filtersToParams(f: PupilFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.q.trim()) out.q = f.q.trim();
  if (f.school !== null) out.school = String(f.school);
  if (f.yearGroup) out.year_group = f.yearGroup;
  if (f.classId !== null) out.class = String(f.classId);
  if (f.disadvantaged !== null) out.disadvantaged = f.disadvantaged ? 'yes' : 'no';
  if (f.sen) out.sen = f.sen;
  if (f.eal !== null) out.eal = f.eal ? 'yes' : 'no';
  return out;
}

export interface PupilQuery {
  school_id?: number;
  class_id?: number;
  year_group?: string;
  q?: string;
  disadvantaged?: boolean;
  sen?: SenStatus;
  eal?: boolean;
}

/**
 * The API query for these filters. `schoolId` is the school actually listed (null for all);
 * characteristic filters go only to people who may use them (the API refuses the rest).
 */
export function toPupilQuery(f: PupilFilters, schoolId: number | null, characteristics: boolean): PupilQuery {
  const query: PupilQuery = {};
  if (schoolId !== null) query.school_id = schoolId;
  if (schoolId !== null && f.classId !== null) query.class_id = f.classId;
  if (f.yearGroup) query.year_group = f.yearGroup;
  if (f.q.trim()) query.q = f.q.trim();
  if (characteristics) {
    if (f.disadvantaged !== null) query.disadvantaged = f.disadvantaged;
    if (f.sen) query.sen = f.sen;
    if (f.eal !== null) query.eal = f.eal;
  }
  return query;
}

/** How many filters beyond the search are set (for "Clear filters"). */
export function activeFilterCount(f: PupilFilters): number {
  return [f.yearGroup, f.classId, f.disadvantaged, f.sen, f.eal].filter((v) => v !== null).length;
}
