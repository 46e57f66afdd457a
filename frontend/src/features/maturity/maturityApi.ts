// Maturity frameworks and peer-challenged reviews through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

type Schemas = components['schemas'];
export type FrameworkRead = Schemas['FrameworkRead'];
export type Review = Schemas['MaturityReviewRead'];
export type ReviewSummary = Schemas['MaturityReviewSummary'];
export type ReviewUpdate = Schemas['MaturityReviewUpdate'];
export type AreaUpdate = Schemas['ReviewAreaUpdate'];
export type ReviewState = Review['state'];
export type MaturityOverTime = Schemas['MaturityOverTime'];
export type HeatMap = Schemas['TrustHeatMap'];

export function loadFrameworks(api: Api, trustId: number): Promise<FrameworkRead[]> {
  return api.call((c) => c.GET('/api/v1/trusts/{trust_id}/frameworks', { params: { path: { trust_id: trustId } } }));
}

export function loadReviews(api: Api, schoolId: number): Promise<ReviewSummary[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/maturity-reviews', { params: { path: { school_id: schoolId } } }));
}

export function loadShift(api: Api, schoolId: number): Promise<MaturityOverTime[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/maturity', { params: { path: { school_id: schoolId } } }));
}

export function startReview(api: Api, schoolId: number, body: Schemas['MaturityReviewCreate']): Promise<Review> {
  return api.call((c) => c.POST('/api/v1/schools/{school_id}/maturity-reviews', { params: { path: { school_id: schoolId } }, body }));
}

export function loadReview(api: Api, reviewId: number): Promise<Review> {
  return api.call((c) => c.GET('/api/v1/maturity-reviews/{review_id}', { params: { path: { review_id: reviewId } } }));
}

/** Change the review as it was read: a stale version is refused (412), never overwritten. */
export function updateReview(api: Api, review: Review, body: ReviewUpdate): Promise<Review> {
  return api.call((c) =>
    c.PATCH('/api/v1/maturity-reviews/{review_id}', {
      params: { path: { review_id: review.id }, header: { 'If-Match': `"${review.version}"` } },
      body,
    }),
  );
}

export function sendToPlan(api: Api, reviewId: number, area: string, body: Schemas['ToPlan']): Promise<Record<string, number>> {
  return api.call((c) =>
    c.POST('/api/v1/maturity-reviews/{review_id}/areas/{area}/to-plan', { params: { path: { review_id: reviewId, area } }, body }),
  );
}

export function loadChallenges(api: Api): Promise<ReviewSummary[]> {
  return api.call((c) => c.GET('/api/v1/me/maturity-challenges'));
}

export function loadHeatMap(api: Api, trustId: number, framework: string): Promise<HeatMap> {
  return api.call((c) =>
    c.GET('/api/v1/trusts/{trust_id}/maturity', { params: { path: { trust_id: trustId }, query: { framework } } }),
  );
}

export const STATES: Record<ReviewState, string> = {
  draft: 'Draft',
  submitted: 'Waiting for the peer’s challenge',
  challenged: 'Challenged: the school responds',
  agreed: 'Agreed',
};

/** "Secure (3)": a score with its level's name. */
export function levelText(levels: Review['levels'], score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  const level = levels.find((l) => l.value === score);
  return level ? `${String(level.name)} (${score})` : String(score);
}

/** A framework file (YAML or JSON) as the trust's new framework, or its key's next version. */
export function importFramework(api: Api, trustId: number, text: string, yaml: boolean): Promise<FrameworkRead> {
  return api.call((c) =>
    c.POST('/api/v1/trusts/{trust_id}/frameworks/import', {
      params: { path: { trust_id: trustId } },
      // The file goes as it is: the server reads YAML or JSON by its content type.
      body: text as never,
      bodySerializer: (body: unknown) => body as string,
      headers: { 'Content-Type': yaml ? 'application/yaml' : 'application/json' },
    }),
  );
}

export function exportFramework(api: Api, frameworkId: number): Promise<string> {
  return api.call((c) =>
    c.GET('/api/v1/frameworks/{framework_id}/export', {
      params: { path: { framework_id: frameworkId }, query: { format: 'yaml' } },
      parseAs: 'text',
    }),
  );
}
