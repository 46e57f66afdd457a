// Setting a trust up: trusts, their schools, the DfE register import and the assessment calendar.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';
import { allPages, PAGE_SIZE } from '../../lib/allPages';

type Schemas = components['schemas'];
export type TrustRead = Schemas['TrustRead'];
export type SchoolRead = Schemas['SchoolRead'];
export type Phase = Schemas['Phase'];
export type RegisterImport = Schemas['RegisterImport'];
export type PointRead = Schemas['termwise__assessment__schemas__PointRead'];
export type PointCreate = Schemas['PointCreate'];
export type AcademicYearRead = Schemas['AcademicYearRead'];

export function loadTrusts(api: Api): Promise<TrustRead[]> {
  return allPages((cursor) => api.call((c) => c.GET('/api/v1/trusts', { params: { query: { cursor, limit: PAGE_SIZE } } })));
}

export function createTrust(api: Api, name: string, reference: string | null): Promise<TrustRead> {
  return api.call((c) => c.POST('/api/v1/trusts', { body: { name, reference } }));
}

/** A trust with the ETag an edit must send back. */
export async function loadTrust(api: Api, trustId: number): Promise<{ trust: TrustRead; etag: string }> {
  let etag = '';
  const trust = await api.call(async (c) => {
    const result = await c.GET('/api/v1/trusts/{trust_id}', { params: { path: { trust_id: trustId } } });
    etag = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { trust, etag };
}

export async function updateTrust(
  api: Api,
  trustId: number,
  etag: string,
  body: { name: string; reference: string | null; retention_years?: number | null },
): Promise<{ trust: TrustRead; etag: string }> {
  let next = '';
  const trust = await api.call(async (c) => {
    const result = await c.PATCH('/api/v1/trusts/{trust_id}', {
      params: { path: { trust_id: trustId }, header: { 'If-Match': etag } },
      body,
    });
    next = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { trust, etag: next };
}

export function loadTrustSchools(api: Api, trustId: number): Promise<SchoolRead[]> {
  return allPages((cursor) =>
    api.call((c) => c.GET('/api/v1/schools', { params: { query: { trust_id: trustId, cursor, limit: PAGE_SIZE } } })),
  );
}

export function addSchool(
  api: Api,
  trustId: number,
  body: { urn: string; laestab: string; name: string; phase: Phase },
): Promise<SchoolRead> {
  return api.call((c) => c.POST('/api/v1/trusts/{trust_id}/schools', { params: { path: { trust_id: trustId } }, body }));
}

export function importRegister(api: Api, trustId: number, file: File): Promise<RegisterImport> {
  return api.call((c) =>
    c.POST('/api/v1/trusts/{trust_id}/schools/import', {
      params: { path: { trust_id: trustId } },
      body: { file: file.name },
      bodySerializer: () => {
        const form = new FormData();
        form.set('file', file, file.name);
        return form;
      },
    }),
  );
}

export function loadYears(api: Api): Promise<AcademicYearRead[]> {
  return api.call((c) => c.GET('/api/v1/academic-years'));
}

export function loadPoints(api: Api, trustId: number, academicYear: string): Promise<PointRead[]> {
  return api.call((c) =>
    c.GET('/api/v1/trusts/{trust_id}/assessment-points', {
      params: { path: { trust_id: trustId }, query: { academic_year: academicYear } },
    }),
  );
}

export function addPoints(api: Api, trustId: number, points: PointCreate[]): Promise<PointRead[]> {
  return api.call((c) =>
    c.POST('/api/v1/trusts/{trust_id}/assessment-points/batch', {
      params: { path: { trust_id: trustId } },
      body: { points },
    }),
  );
}
