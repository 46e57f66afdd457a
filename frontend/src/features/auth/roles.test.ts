import { describe, expect, it } from 'vitest';
import type { GrantRead, MeRead } from '../../api/types';
import { describeRoles, displayName, roleLabel, seesWholeSchool, seesWholeTrust } from './roles';

const grant = (role: string, level: GrantRead['level'], ids: Partial<GrantRead> = {}): GrantRead => ({
  role,
  level,
  trust_id: 1,
  scope_name: level === 'trust' ? 'Larkspur' : level === 'school' ? 'Bramblewood' : 'Robins, Bramblewood',
  school_id: level === 'trust' ? null : 10,
  class_id: level === 'class' ? 100 : null,
  ...ids,
});
const me = (grants: GrantRead[], extra: Partial<MeRead> = {}): MeRead => ({
  kind: 'user',
  id: 1,
  label: 'someone@larkspur.example',
  full_name: 'Someone Example',
  is_platform_admin: false,
  permissions: ['orgs:read'],
  grants,
  ...extra,
});

describe('roles', () => {
  it('labels known and unknown roles', () => {
    expect(roleLabel('trust_leader')).toBe('Trust leader');
    expect(roleLabel('senco')).toBe('SENCO');
    expect(roleLabel('mis client')).toBe('Mis client');
  });

  it('lists a person’s roles widest first, once each', () => {
    const person = me([grant('class_teacher', 'class'), grant('head_teacher', 'school'), grant('class_teacher', 'class', { class_id: 101 })]);
    expect(describeRoles(person)).toBe('Head teacher – Bramblewood; Class teacher – Robins, Bramblewood');
    expect(describeRoles(me([], { is_platform_admin: true }))).toBe('Platform administrator');
    expect(describeRoles(me([]))).toBe('No role yet');
  });

  it('knows who sees a whole trust and who a whole school', () => {
    const leader = me([grant('trust_leader', 'trust')]);
    const head = me([grant('head_teacher', 'school')]);
    const teacher = me([grant('class_teacher', 'class')]);
    expect(seesWholeTrust(leader)).toBe(true);
    expect(seesWholeTrust(head)).toBe(false);
    expect(seesWholeTrust(teacher)).toBe(false);
    const school = { id: 10, trust_id: 1 };
    expect(seesWholeSchool(leader, school)).toBe(true);
    expect(seesWholeSchool(head, school)).toBe(true);
    expect(seesWholeSchool(head, { id: 11, trust_id: 1 })).toBe(false);
    expect(seesWholeSchool(teacher, school)).toBe(false);
  });

  it('shows the e-mail when there is no name', () => {
    expect(displayName(me([], { full_name: null }))).toBe('someone@larkspur.example');
    expect(displayName(me([]))).toBe('Someone Example');
  });
});
