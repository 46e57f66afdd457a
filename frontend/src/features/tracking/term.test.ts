import { describe, expect, it } from 'vitest';
import { isTerm, reasonLabel, termOf } from './term';

describe('termOf', () => {
  it('puts September to December in autumn, January to April in spring, May to August in summer', () => {
    expect(termOf(new Date(2026, 8, 1))).toBe('aut');
    expect(termOf(new Date(2026, 11, 31))).toBe('aut');
    expect(termOf(new Date(2027, 0, 4))).toBe('spr');
    expect(termOf(new Date(2027, 3, 30))).toBe('spr');
    expect(termOf(new Date(2027, 4, 1))).toBe('sum');
    expect(termOf(new Date(2027, 7, 31))).toBe('sum');
  });
  it('knows the three terms only', () => {
    expect(isTerm('spr')).toBe(true);
    expect(isTerm('winter')).toBe(false);
    expect(isTerm(null)).toBe(false);
  });
  it('says why a pupil is suggested in words', () => {
    expect(reasonLabel('just_below_are')).toBe('One step below ARE');
    expect(reasonLabel('falling_behind')).toBe('Falling behind');
  });
});
