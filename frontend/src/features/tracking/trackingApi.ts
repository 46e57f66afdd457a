// Reads for the tracking pages, through the generated client.
import type { ClassRead, PupilRead, SchoolRead, SubjectRead, TrustRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import { SessionExpiredError } from '../../lib/problems';
import { byName, byYoungestYear } from '../schools/format';
import type {
  AssessmentPoint,
  ClassTracker,
  Flag,
  GapTable,
  Grid,
  PupilFlags,
  Subgroup,
  TransitionMatrix,
  TrustOverview,
} from './types';

/** The termly points a tracker measures at. */
const TERMLY = new Set(['aut', 'spr', 'sum']);

export interface SchoolContext {
  school: SchoolRead;
  /** The trust's termly points, latest first. */
  points: AssessmentPoint[];
  classes: ClassRead[];
  subjects: SubjectRead[];
}

export async function loadSchoolContext(api: Api, schoolId: number): Promise<SchoolContext> {
  const path = { school_id: schoolId };
  const [school, classes, subjects] = await Promise.all([
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path } })),
    allPages((cursor) =>
      api.call((c) => c.GET('/api/v1/schools/{school_id}/classes', { params: { path, query: { cursor, limit: PAGE_SIZE } } })),
    ),
    api.call((c) => c.GET('/api/v1/subjects')).catch((error: unknown) => {
      if (error instanceof SessionExpiredError) throw error;
      return [];
    }),
  ]);
  const points = await loadPoints(api, school.trust_id);
  return { school, points, classes: classes.sort(byYoungestYear), subjects };
}

export async function loadPoints(api: Api, trustId: number): Promise<AssessmentPoint[]> {
  const points = await api.call((c) =>
    c.GET('/api/v1/trusts/{trust_id}/assessment-points', { params: { path: { trust_id: trustId } } }),
  );
  return points
    .filter((p) => TERMLY.has(p.slot))
    .sort((a, b) => b.academic_year.localeCompare(a.academic_year) || b.ordinal - a.ordinal);
}

export interface GridQuery {
  subject: string;
  point_id?: number;
  subgroup?: Subgroup;
  others?: boolean;
  target_group_id?: number;
}

export function loadGrid(api: Api, schoolId: number, query: GridQuery): Promise<Grid> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/tracking/grid', { params: { path: { school_id: schoolId }, query } }),
  );
}

export interface FlagsQuery {
  subject: string;
  point_id?: number;
  flag?: Flag[];
  year_group?: string;
  class_id?: number;
  subgroup?: Subgroup;
  target_group_id?: number;
  /** Muted flags too, each with its reason. */
  include_muted?: boolean;
}

export function loadFlags(api: Api, schoolId: number, query: FlagsQuery): Promise<PupilFlags> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/tracking/flags', { params: { path: { school_id: schoolId }, query } }),
  );
}

export function loadGaps(api: Api, schoolId: number, query: { subject: string; point_id?: number }): Promise<GapTable> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/tracking/gaps', { params: { path: { school_id: schoolId }, query } }),
  );
}

export function loadTransition(
  api: Api,
  schoolId: number,
  query: { subject: string; point_id?: number; year_group?: string },
): Promise<TransitionMatrix> {
  return api.call((c) =>
    c.GET('/api/v1/schools/{school_id}/tracking/transition', { params: { path: { school_id: schoolId }, query } }),
  );
}

export function loadClassTracker(api: Api, classId: number, subject: string): Promise<ClassTracker> {
  return api.call((c) =>
    c.GET('/api/v1/classes/{class_id}/tracking', { params: { path: { class_id: classId }, query: { subject } } }),
  );
}


export async function loadTrusts(api: Api): Promise<TrustRead[]> {
  const trusts = await allPages((cursor) =>
    api.call((c) => c.GET('/api/v1/trusts', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );
  return trusts.sort(byName);
}

export function loadTrustOverview(
  api: Api,
  trustId: number,
  query: { subject: string; point_id?: number },
): Promise<TrustOverview> {
  return api.call((c) =>
    c.GET('/api/v1/trusts/{trust_id}/tracking/overview', { params: { path: { trust_id: trustId }, query } }),
  );
}

/** The pupils of a school in a year (optionally one year group), by id, for naming a cell's pupils. */
export async function loadPupilsById(
  api: Api,
  schoolId: number,
  academicYear: string,
  yearGroup: string | undefined,
): Promise<Map<number, PupilRead>> {
  const pupils = await allPages((cursor) =>
    api.call((c) =>
      c.GET('/api/v1/pupils', {
        params: {
          query: { school_id: schoolId, academic_year: academicYear, year_group: yearGroup, cursor, limit: PAGE_SIZE },
        },
      }),
    ),
  );
  return new Map(pupils.map((p) => [p.id, p]));
}
