// People and their roles at a school, through the generated client.
import type { components } from '../../api/schema';
import type { Api } from '../../lib/apiClient';
import type { Role } from './people';

type Schemas = components['schemas'];
export type PersonRead = Schemas['PersonRead'];
export type InvitationRead = Schemas['InvitationRead'];
export type AuditEventRead = Schemas['AuditEventRead'];

/** Whose people: a school's, or a whole trust's (its schools' staff too). */
export type PeopleScope = { school_id: number } | { trust_id: number };

export function loadPeople(api: Api, scope: PeopleScope): Promise<PersonRead[]> {
  return api.call((c) => c.GET('/api/v1/people', { params: { query: scope } }));
}

export function loadInvitations(api: Api, scope: PeopleScope): Promise<InvitationRead[]> {
  return api.call((c) => c.GET('/api/v1/invitations', { params: { query: scope } }));
}

/** A person's page, remembering where the list was, for the way back. */
export function personLink(personId: number, scope: PeopleScope): string {
  return 'school_id' in scope ? `/people/${personId}?school=${scope.school_id}` : `/people/${personId}?trust=${scope.trust_id}`;
}

export function invite(
  api: Api,
  body: { email: string; full_name: string; role: Role; school_id?: number; class_id?: number; ends_on?: string | null },
): Promise<InvitationRead> {
  return api.call((c) => c.POST('/api/v1/invitations', { body }));
}

export async function withdraw(api: Api, invitationId: number): Promise<void> {
  await api.call((c) =>
    c.DELETE('/api/v1/invitations/{invitation_id}', { params: { path: { invitation_id: invitationId } } }),
  );
}

export function loadPerson(api: Api, userId: number): Promise<PersonRead> {
  return api.call((c) => c.GET('/api/v1/people/{user_id}', { params: { path: { user_id: userId } } }));
}

export function loadPersonAudit(api: Api, userId: number): Promise<AuditEventRead[]> {
  return api.call((c) => c.GET('/api/v1/people/{user_id}/audit', { params: { path: { user_id: userId } } }));
}

export function removeRole(api: Api, userId: number, assignmentId: number): Promise<PersonRead> {
  return api.call((c) =>
    c.DELETE('/api/v1/people/{user_id}/roles/{assignment_id}', {
      params: { path: { user_id: userId, assignment_id: assignmentId } },
    }),
  );
}

export function grantRole(
  api: Api,
  userId: number,
  body: { role: Role; school_id: number; ends_on: string | null },
): Promise<PersonRead> {
  return api.call((c) => c.POST('/api/v1/people/{user_id}/roles', { params: { path: { user_id: userId } }, body }));
}

export function setActive(api: Api, userId: number, active: boolean): Promise<PersonRead> {
  const path = active ? '/api/v1/people/{user_id}/reactivate' : '/api/v1/people/{user_id}/deactivate';
  return api.call((c) => c.POST(path, { params: { path: { user_id: userId } } }));
}
