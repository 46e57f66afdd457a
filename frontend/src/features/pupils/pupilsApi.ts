// Reads for the pupils pages, through the generated client.
import type {
  AcademicYearRead,
  AssessmentRead,
  ClassRead,
  PupilDetail,
  PupilRead,
  SchoolRead,
  SubjectRead,
  YearGroupRead,
} from '../../api/types';
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import { SessionExpiredError } from '../../lib/problems';
import type { CursorPage } from '../../lib/usePagedQuery';
import { byName, byYoungestYear, currentAcademicYear } from '../schools/format';
import type { PupilQuery } from './filters';

type InterventionBrief = components['schemas']['InterventionBrief'];

/** Pupils per "Load more". */
export const PUPILS_PAGE = 50;
/** The API's largest page, for one pupil's results. */
const RESULTS_PAGE = 500;

export interface PupilsContext {
  schools: SchoolRead[];
  year: AcademicYearRead | null;
  yearGroups: YearGroupRead[];
}

export function thisYear(years: readonly AcademicYearRead[], today: Date = new Date()): AcademicYearRead | null {
  return years.find((y) => y.is_current) ?? currentAcademicYear(years, today);
}

/** What the filters offer: the schools the person can see, this year, the year groups. */
export async function loadPupilsContext(api: Api): Promise<PupilsContext> {
  const [schools, years, yearGroups] = await Promise.all([
    allPages((cursor) => api.call((c) => c.GET('/api/v1/schools', { params: { query: { limit: PAGE_SIZE, cursor } } }))),
    api.call((c) => c.GET('/api/v1/academic-years')),
    api.call((c) => c.GET('/api/v1/year-groups')),
  ]);
  return {
    schools: schools.sort(byName),
    year: thisYear(years),
    yearGroups: [...yearGroups].sort((a, b) => a.ordinal - b.ordinal),
  };
}

export async function loadClasses(api: Api, schoolId: number, academicYear: string | undefined): Promise<ClassRead[]> {
  const classes = await allPages((cursor) =>
    api.call((c) =>
      c.GET('/api/v1/schools/{school_id}/classes', {
        params: { path: { school_id: schoolId }, query: { academic_year: academicYear, cursor, limit: PAGE_SIZE } },
      }),
    ),
  );
  return classes.sort(byYoungestYear);
}

export function loadPupilsPage(
  api: Api,
  academicYear: string | undefined,
  query: PupilQuery,
  cursor: string | undefined,
): Promise<CursorPage<PupilRead>> {
  return api.call((c) =>
    c.GET('/api/v1/pupils', {
      params: { query: { ...query, academic_year: academicYear, cursor, limit: PUPILS_PAGE } },
    }),
  );
}

export interface PupilRecord {
  pupil: PupilDetail;
  results: AssessmentRead[];
  /** The trust's subjects in their order, for names; empty if they could not be read. */
  subjects: SubjectRead[];
  /** The interventions the pupil has been in, newest first. */
  interventions: InterventionBrief[];
}

export async function loadPupil(api: Api, pupilId: number): Promise<PupilRecord> {
  const [pupil, results, subjects, interventions] = await Promise.all([
    api.call((c) => c.GET('/api/v1/pupils/{pupil_id}', { params: { path: { pupil_id: pupilId } } })),
    allPages((cursor) =>
      api.call((c) =>
        c.GET('/api/v1/assessments', { params: { query: { pupil_id: pupilId, cursor, limit: RESULTS_PAGE } } }),
      ),
    ),
    // Subject names are a nicety: the page stands on the codes without them.
    api.call((c) => c.GET('/api/v1/subjects')).catch((error: unknown) => {
      if (error instanceof SessionExpiredError) throw error;
      return [];
    }),
    api.call((c) => c.GET('/api/v1/pupils/{pupil_id}/interventions', { params: { path: { pupil_id: pupilId } } })),
  ]);
  return { pupil, results, subjects, interventions };
}

const KEY_STAGES_BY_PHASE: Record<string, readonly string[] | null> = {
  nursery: ['EYFS'],
  primary: ['EYFS', 'KS1', 'KS2'],
  middle: ['KS2', 'KS3'],
  secondary: ['KS3', 'KS4', 'KS5'],
  all_through: null,
  special: null,
};

/**
 * The year groups worth offering: those of the school's classes when a school is chosen,
 * otherwise those of the schools' phases (a primary trust is not offered Year 9).
 */
export function yearGroupOptions(
  all: readonly YearGroupRead[],
  schools: readonly SchoolRead[],
  classes: readonly ClassRead[] | null,
): YearGroupRead[] {
  if (classes && classes.length) {
    const taught = new Set(classes.flatMap((c) => c.year_groups));
    return all.filter((g) => taught.has(g.code));
  }
  const stages = new Set<string>();
  for (const school of schools) {
    const phaseStages = KEY_STAGES_BY_PHASE[school.phase];
    if (phaseStages === null || phaseStages === undefined) return [...all];
    phaseStages.forEach((s) => stages.add(s));
  }
  return stages.size ? all.filter((g) => stages.has(g.key_stage)) : [...all];
}
