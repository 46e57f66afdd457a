import { describe, expect, it } from 'vitest';
import { grantableAtSchool, roleName } from './people';

describe('roles a person may offer at a school', () => {
  it('lets a head teacher offer roles up to their own, never trust leader', () => {
    const offered = grantableAtSchool(['head_teacher']);
    expect(offered[0]).toBe('head_teacher');
    expect(offered).toContain('class_teacher');
    expect(offered).not.toContain('trust_leader');
  });

  it('offers nothing to someone who holds no managing role and names roles in words', () => {
    expect(grantableAtSchool([])).toEqual([]);
    expect(roleName('senco')).toBe('SENCO');
  });
});
