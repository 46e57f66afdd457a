// A school-account provider read with the ETag an edit must send back, and the edit itself.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

export type ProviderRead = components['schemas']['ProviderRead'];
export type ProviderUpdate = components['schemas']['ProviderUpdate'];

export async function loadProvider(api: Api, providerId: number): Promise<{ provider: ProviderRead; etag: string }> {
  let etag = '';
  const provider = await api.call(async (c) => {
    const result = await c.GET('/api/v1/identity-providers/{provider_id}', { params: { path: { provider_id: providerId } } });
    etag = result.response.headers.get('ETag') ?? '';
    return result;
  });
  return { provider, etag };
}

export async function updateProvider(api: Api, providerId: number, etag: string, body: ProviderUpdate): Promise<ProviderRead> {
  return api.call((c) =>
    c.PATCH('/api/v1/identity-providers/{provider_id}', {
      params: { path: { provider_id: providerId }, header: { 'If-Match': etag } },
      body,
    }),
  );
}

/** "a.sch.uk, b.sch.uk" or one a line → the domains, lower case, each once. */
export function parseDomains(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean).map((d) => d.toLowerCase()))];
}
