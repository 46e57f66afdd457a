// Words for roles, and which roles a person may offer others.
import type { components } from '../../api/schema';
import { roleLabel } from '../auth/roles';

export type Role = components['schemas']['Role'];

/** The same ranks the server holds to: nobody grants a role above their own. */
const RANK: Record<Role, number> = {
  trust_leader: 5,
  head_teacher: 4,
  data_officer: 3,
  senior_leader: 3,
  phase_leader: 2,
  subject_leader: 2,
  senco: 2,
  class_teacher: 1,
  governor: 1,
  external_adviser: 1,
};

export function roleName(role: Role): string {
  return roleLabel(role);
}

/** The roles someone holding `own` may offer at a school, most senior first. */
export function grantableAtSchool(own: readonly Role[], platformAdmin = false): Role[] {
  const most = platformAdmin ? 5 : Math.max(0, ...own.map((r) => RANK[r]));
  return (Object.keys(RANK) as Role[])
    .filter((r) => r !== 'trust_leader' && RANK[r] <= most)
    .sort((a, b) => RANK[b] - RANK[a]);
}
