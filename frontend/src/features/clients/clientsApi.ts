// A school's data connections (MIS and dashboard clients), through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';

export type ClientRead = components['schemas']['ClientRead'];
export type ClientIssued = components['schemas']['ClientIssued'];
export type ClientKind = components['schemas']['ClientKind'];

export function loadSchoolClients(api: Api, schoolId: number): Promise<ClientRead[]> {
  return api.call((c) => c.GET('/api/v1/schools/{school_id}/clients', { params: { path: { school_id: schoolId } } }));
}

export function createSchoolClient(api: Api, schoolId: number, name: string, kind: ClientKind): Promise<ClientIssued> {
  return api.call((c) =>
    c.POST('/api/v1/schools/{school_id}/clients', { params: { path: { school_id: schoolId } }, body: { name, kind } }),
  );
}

export function rotateClient(api: Api, clientId: number, graceHours: number): Promise<ClientIssued> {
  return api.call((c) =>
    c.POST('/api/v1/clients/{client_id}/rotate', {
      params: { path: { client_id: clientId } },
      body: { grace_hours: graceHours },
    }),
  );
}

export function revokeClient(api: Api, clientId: number): Promise<ClientRead> {
  return api.call((c) => c.POST('/api/v1/clients/{client_id}/revoke', { params: { path: { client_id: clientId } } }));
}
