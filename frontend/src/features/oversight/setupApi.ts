// A trust's oversight set-up through the generated client: category wording and activity types.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

export type Wording = components['schemas']['CategoryWordingRead'];
export type ActivityType = components['schemas']['QaActivityTypeRead'];
export type ActivityTypeChange = components['schemas']['QaActivityTypeUpdate'];
export type Cadence = NonNullable<components['schemas']['Cadences']['A']>;

export const CODES = ['A', 'B', 'C1', 'C2', 'D'] as const;
export const CADENCES: { value: Cadence; label: string }[] = [
  { value: 'half_termly', label: 'Half-termly' },
  { value: 'termly', label: 'Termly' },
  { value: 'twice_yearly', label: 'Twice a year' },
  { value: 'annual', label: 'Once a year' },
];

export function loadWordings(api: Api, trustId: number): Promise<Wording[]> {
  return api.call((c) => c.GET('/api/v1/trusts/{trust_id}/category-wordings', { params: { path: { trust_id: trustId } } }));
}

export function saveWording(api: Api, trustId: number, w: Wording, words: Pick<Wording, 'descriptor' | 'expectation' | 'intervention'>): Promise<Wording> {
  return api.call((c) =>
    c.PUT('/api/v1/trusts/{trust_id}/category-wordings/{category_code}', {
      params: { path: { trust_id: trustId, category_code: w.code }, header: { 'If-Match': `"${w.version}"` } },
      body: words,
    }),
  );
}

export function loadTypes(api: Api, trustId: number): Promise<ActivityType[]> {
  return api.call((c) => c.GET('/api/v1/trusts/{trust_id}/qa-activity-types', { params: { path: { trust_id: trustId } } }));
}

/** Change a type (its version) or add one (version 0); answers how many activities moved. */
export function saveType(api: Api, trustId: number, key: string, version: number, change: ActivityTypeChange) {
  return api.call((c) =>
    c.PUT('/api/v1/trusts/{trust_id}/qa-activity-types/{type_key}', {
      params: { path: { trust_id: trustId, type_key: key }, header: { 'If-Match': `"${version}"` } },
      body: change,
    }),
  );
}

/** A new type's key from its name: "Attendance review" -> "attendance_review". */
export function keyOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);
}
