import { describe, expect, it } from 'vitest';
import { NO_FILTERS, activeFilterCount, filtersToParams, parseFilters, toPupilQuery } from './filters';

describe('pupil filters in the address', () => {
  it('round-trips every filter', () => {
    const filters = {
      q: 'malik',
      school: 3,
      yearGroup: 'Y4',
      classId: 12,
      disadvantaged: true,
      sen: 'ehc_plan' as const,
      eal: false,
    };
    const params = new URLSearchParams(filtersToParams(filters));
    expect(params.toString()).toBe('q=malik&school=3&year_group=Y4&class=12&disadvantaged=yes&sen=ehc_plan&eal=no');
    expect(parseFilters(params)).toEqual(filters);
    expect(filtersToParams(NO_FILTERS)).toEqual({});
  });

  it('ignores what it does not understand', () => {
    const parsed = parseFilters(new URLSearchParams('school=x&class=0&year_group=<b>&sen=lots&eal=maybe&disadvantaged=1'));
    expect(parsed).toEqual(NO_FILTERS);
    expect(parseFilters(new URLSearchParams('school=all')).school).toBe('all');
    expect(parseFilters(new URLSearchParams(`q=${'a'.repeat(150)}`)).q).toHaveLength(100);
  });

  it('sends characteristic filters only to those who may use them, and classes only within a school', () => {
    const filters = { ...NO_FILTERS, q: ' ada ', classId: 5, disadvantaged: false, sen: 'sen_support' as const, eal: true };
    expect(toPupilQuery(filters, 1, true)).toEqual({
      school_id: 1,
      class_id: 5,
      q: 'ada',
      disadvantaged: false,
      sen: 'sen_support',
      eal: true,
    });
    expect(toPupilQuery(filters, null, false)).toEqual({ q: 'ada' });
  });

  it('counts the filters beyond the search', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, q: 'x', school: 2, eal: false, yearGroup: 'R' })).toBe(2);
  });
});
