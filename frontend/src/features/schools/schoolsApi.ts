// Reads for the schools pages, through the generated client. Lists follow `next_cursor` to
// the end: a trust has tens of schools and a school tens of classes, never thousands.
import type { AcademicYearRead, ClassRead, SchoolRead, TrustRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { PAGE_SIZE, allPages } from '../../lib/allPages';
import { ApiError } from '../../lib/problems';
import { byName, byYoungestYear, currentAcademicYear } from './format';

export interface SchoolsList {
  schools: SchoolRead[];
  trusts: TrustRead[];
}

export async function loadSchools(api: Api, q: string): Promise<SchoolsList> {
  const search = q.trim() || undefined;
  const [schools, trusts] = await Promise.all([
    allPages((cursor) =>
      api.call((c) =>
        c.GET('/api/v1/schools', { params: { query: { limit: PAGE_SIZE, cursor, q: search } } }),
      ),
    ),
    allPages((cursor) =>
      api.call((c) => c.GET('/api/v1/trusts', { params: { query: { limit: PAGE_SIZE, cursor } } })),
    ),
  ]);
  return { schools: schools.sort(byName), trusts: trusts.sort(byName) };
}

export interface SchoolDetail {
  school: SchoolRead;
  trust: TrustRead | null;
  year: AcademicYearRead | null;
  classes: ClassRead[];
}

export async function loadSchool(api: Api, schoolId: number, today: Date = new Date()): Promise<SchoolDetail> {
  const path = { school_id: schoolId };
  const [school, years] = await Promise.all([
    api.call((c) => c.GET('/api/v1/schools/{school_id}', { params: { path } })),
    api.call((c) => c.GET('/api/v1/academic-years')),
  ]);
  const year = currentAcademicYear(years, today);
  const academic_year = year?.code;
  const [classes, trust] = await Promise.all([
    allPages((cursor) =>
      api.call((c) =>
        c.GET('/api/v1/schools/{school_id}/classes', {
          params: { path, query: { academic_year, cursor, limit: PAGE_SIZE } },
        }),
      ),
    ),
    // The trust's name is a nicety: the page stands without it.
    api
      .call((c) => c.GET('/api/v1/trusts/{trust_id}', { params: { path: { trust_id: school.trust_id } } }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'notFound')) return null;
        throw error;
      }),
  ]);
  return { school, trust, year, classes: classes.sort(byYoungestYear) };
}
