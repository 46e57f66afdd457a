// Reads for the schools pages, through the generated client. Lists follow `next_cursor` to
// the end: a trust has tens of schools and a school tens of classes, never thousands.
import type { AcademicYearRead, ClassRead, SchoolRead, TrustRead } from '../../api/types';
import type { Api } from '../../lib/apiClient';
import { ApiError } from '../../lib/problems';
import { byName, byYoungestYear, currentAcademicYear } from './format';

const PAGE_SIZE = 200;
const MAX_PAGES = 50;

async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const result = await page(cursor);
    items.push(...result.items);
    if (!result.next_cursor) return items;
    cursor = result.next_cursor;
  }
  return items;
}

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
