// How a person's grants read in the app: their role names, and how widely they see.
import type { GrantRead, MeRead } from '../../api/types';

const ROLE_LABELS: Record<string, string> = {
  trust_leader: 'Trust leader',
  data_officer: 'Data officer',
  head_teacher: 'Head teacher',
  senior_leader: 'Senior leader',
  phase_leader: 'Phase leader',
  subject_leader: 'Subject leader',
  class_teacher: 'Class teacher',
  senco: 'SENCO',
  governor: 'Governor',
  external_adviser: 'External adviser',
};

const LEVEL_ORDER: Record<GrantRead['level'], number> = { trust: 0, school: 1, class: 2 };

export function roleLabel(role: string): string {
  const known = ROLE_LABELS[role];
  if (known) return known;
  const words = role.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Class teacher, Robins (Bramblewood Primary School)"; several roles joined by "; ",
 * the widest first. */
export function describeRoles(me: MeRead): string {
  const grants = [...me.grants].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const labels = [...new Set(grants.map((g) => `${roleLabel(g.role)} – ${g.scope_name}`))];
  if (me.is_platform_admin) labels.unshift('Platform administrator');
  return labels.length ? labels.join('; ') : 'No role yet';
}

/** Sees every school of at least one trust (or of every trust). */
export function seesWholeTrust(me: MeRead): boolean {
  return me.is_platform_admin || me.grants.some((g) => g.level === 'trust');
}

/** Holds a grant over the whole of this school (not just a class in it). */
export function seesWholeSchool(me: MeRead, school: { id: number; trust_id: number }): boolean {
  return (
    me.is_platform_admin ||
    me.grants.some(
      (g) =>
        (g.level === 'trust' && g.trust_id === school.trust_id) ||
        (g.level === 'school' && g.school_id === school.id),
    )
  );
}

export function displayName(me: MeRead): string {
  return me.full_name?.trim() || me.label;
}
