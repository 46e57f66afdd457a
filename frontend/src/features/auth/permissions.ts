// What the signed-in person may do, from /me. `permissions` is the union over all their grants;
// the server still decides each request, so these only choose what the app offers.
import type { MeRead, Permission } from '../../api/types';
import { seesWholeSchool } from './roles';

export function can(me: MeRead, permission: Permission): boolean {
  return me.is_platform_admin || me.permissions.includes(permission);
}

/** Named pupils: staff roles, never governors, external advisers or dashboards. */
export function mayReadPupils(me: MeRead): boolean {
  return can(me, 'pupils:read');
}

/** Disadvantage, SEN, EAL and the like: sensitive, shown only to roles that need them. */
export function seesCharacteristics(me: MeRead): boolean {
  return can(me, 'characteristics:read');
}

/**
 * Importing files writes a whole school's data, so it needs a write permission and a grant
 * over a whole school or trust (a class teacher's class-level grant is not enough).
 */
export function mayImport(me: MeRead): boolean {
  if (me.is_platform_admin) return true;
  const writes = can(me, 'pupils:write') || can(me, 'assessments:write');
  return writes && me.grants.some((g) => g.level === 'trust' || g.level === 'school');
}

/** The schools a person may import into, from the schools they can see. */
export function importSchools<S extends { id: number; trust_id: number }>(me: MeRead, schools: readonly S[]): S[] {
  if (me.is_platform_admin) return [...schools];
  return schools.filter((school) =>
    me.grants.some(
      (g) =>
        (g.level === 'trust' && g.trust_id === school.trust_id) ||
        (g.level === 'school' && g.school_id === school.id),
    ),
  );
}

/**
 * Muting a flag records a leader's decision for the whole school: it needs assessments:correct
 * and a grant over the whole school or its trust.
 */
export function mayMuteFlags(me: MeRead, school: { id: number; trust_id: number }): boolean {
  return can(me, 'assessments:correct') && seesWholeSchool(me, school);
}

/** Renaming and archiving target groups: assessments:write over the whole school or its trust. */
export function mayEditTargetGroups(me: MeRead, school: { id: number; trust_id: number }): boolean {
  return can(me, 'assessments:write') && seesWholeSchool(me, school);
}

/** The school of the person's first school-level grant: where their pupil lists start. */
export function homeSchoolId(me: MeRead): number | null {
  return me.grants.find((g) => g.level === 'school' && g.school_id !== null)?.school_id ?? null;
}

/** Creating and revoking a school's MIS and dashboard clients: clients:manage over the school. */
export function mayManageClients(me: MeRead, school: { id: number; trust_id: number }): boolean {
  return can(me, 'clients:manage') && seesWholeSchool(me, school);
}

/** Creating trusts (platform administrators) or editing one and adding its schools (orgs:write
 * held over a whole trust). */
export function maySetUpTrusts(me: MeRead): boolean {
  return me.is_platform_admin || (can(me, 'orgs:write') && me.grants.some((g) => g.level === 'trust'));
}

/** Inviting people and managing their roles at a school: people:manage over the school. */
export function mayManagePeople(me: MeRead, school: { id: number; trust_id: number }): boolean {
  return can(me, 'people:manage') && seesWholeSchool(me, school);
}
