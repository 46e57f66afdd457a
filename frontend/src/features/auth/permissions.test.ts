import { describe, expect, it } from 'vitest';
import type { GrantRead, MeRead, Permission } from '../../api/types';
import {
  can,
  homeSchoolId,
  importSchools,
  mayEditTargetGroups,
  mayImport,
  mayMuteFlags,
  mayReadPupils,
  seesCharacteristics,
} from './permissions';

const grant = (role: string, level: GrantRead['level'], extra: Partial<GrantRead> = {}): GrantRead => ({
  role,
  level,
  trust_id: 1,
  scope_name: 'Somewhere',
  school_id: level === 'trust' ? null : 10,
  class_id: level === 'class' ? 100 : null,
  ...extra,
});
const me = (permissions: Permission[], grants: GrantRead[], extra: Partial<MeRead> = {}): MeRead => ({
  kind: 'user',
  id: 1,
  label: 'someone@larkspur.example',
  full_name: null,
  is_platform_admin: false,
  permissions,
  grants,
  ...extra,
});

const STAFF: Permission[] = ['orgs:read', 'pupils:read', 'characteristics:read', 'aggregates:read'];

describe('permissions', () => {
  it('offers pupils to staff, never to governors', () => {
    expect(mayReadPupils(me(STAFF, [grant('class_teacher', 'class')]))).toBe(true);
    const governor = me(['orgs:read', 'aggregates:read'], [grant('governor', 'school')]);
    expect(mayReadPupils(governor)).toBe(false);
    expect(seesCharacteristics(governor)).toBe(false);
    expect(can(me([], [], { is_platform_admin: true }), 'pupils:read')).toBe(true);
  });

  it('offers imports to school- or trust-wide writers only', () => {
    const head = me([...STAFF, 'pupils:write', 'assessments:write'], [grant('head_teacher', 'school')]);
    const officer = me([...STAFF, 'pupils:write'], [grant('data_officer', 'trust')]);
    const teacher = me([...STAFF, 'assessments:write'], [grant('class_teacher', 'class')]);
    const leader = me([...STAFF, 'audit:read'], [grant('trust_leader', 'trust')]);
    expect(mayImport(head)).toBe(true);
    expect(mayImport(officer)).toBe(true);
    expect(mayImport(teacher)).toBe(false);
    expect(mayImport(leader)).toBe(false);
  });

  it('lists the schools a person may import into', () => {
    const schools = [
      { id: 10, trust_id: 1 },
      { id: 11, trust_id: 1 },
      { id: 20, trust_id: 2 },
    ];
    expect(importSchools(me([], [grant('head_teacher', 'school')]), schools).map((s) => s.id)).toEqual([10]);
    expect(importSchools(me([], [grant('data_officer', 'trust')]), schools).map((s) => s.id)).toEqual([10, 11]);
    expect(importSchools(me([], [grant('class_teacher', 'class')]), schools)).toEqual([]);
  });

  it('finds the home school of a school-level grant', () => {
    expect(homeSchoolId(me([], [grant('head_teacher', 'school', { school_id: 7 })]))).toBe(7);
    expect(homeSchoolId(me([], [grant('data_officer', 'trust')]))).toBeNull();
  });

  it('offers muting flags to leaders over the whole school, not to class teachers or other schools', () => {
    const school = { id: 10, trust_id: 1 };
    const head = me([...STAFF, 'assessments:write', 'assessments:correct'], [grant('head_teacher', 'school')]);
    const leader = me([...STAFF, 'assessments:correct'], [grant('trust_leader', 'trust')]);
    const teacher = me([...STAFF, 'assessments:write'], [grant('class_teacher', 'class')]);
    // Correcting at one school and teaching a class at another: not a leader at the second.
    const elsewhere = me(
      [...STAFF, 'assessments:write', 'assessments:correct'],
      [grant('senior_leader', 'school', { school_id: 11 }), grant('class_teacher', 'class')],
    );
    expect(mayMuteFlags(head, school)).toBe(true);
    expect(mayMuteFlags(leader, school)).toBe(true);
    expect(mayMuteFlags(teacher, school)).toBe(false);
    expect(mayMuteFlags(elsewhere, school)).toBe(false);
    expect(mayMuteFlags(me([], [], { is_platform_admin: true }), school)).toBe(true);
  });

  it('offers editing target groups to school-wide writers only', () => {
    const school = { id: 10, trust_id: 1 };
    expect(mayEditTargetGroups(me([...STAFF, 'assessments:write'], [grant('head_teacher', 'school')]), school)).toBe(true);
    expect(mayEditTargetGroups(me([...STAFF, 'assessments:write'], [grant('class_teacher', 'class')]), school)).toBe(false);
    expect(mayEditTargetGroups(me([...STAFF, 'assessments:correct'], [grant('trust_leader', 'trust')]), school)).toBe(false);
  });
});
