import { describe, expect, it } from 'vitest';
import type { AcademicYearRead } from '../../api/types';
import { byName, currentAcademicYear, formatYearGroups, phaseLabel, yearGroupLabel } from './format';

const year = (code: string, starts_on: string, ends_on: string): AcademicYearRead => ({
  id: Number(code.slice(0, 4)),
  code,
  starts_on,
  ends_on,
  is_current: false,
  half_terms: [],
});
const years = [
  year('2024/25', '2024-09-01', '2025-08-31'),
  year('2025/26', '2025-09-01', '2026-08-31'),
  year('2026/27', '2026-09-01', '2027-08-31'),
];

describe('school formatting', () => {
  it('names phases and year groups the way schools do', () => {
    expect(phaseLabel('primary')).toBe('Primary');
    expect(phaseLabel('all_through')).toBe('All-through');
    expect(yearGroupLabel('R')).toBe('Reception');
    expect(yearGroupLabel('N')).toBe('Nursery');
    expect(yearGroupLabel('Y13')).toBe('Year 13');
    expect(formatYearGroups(['R'])).toBe('Reception');
    expect(formatYearGroups(['R', 'Y1'])).toBe('Reception and Year 1');
    expect(formatYearGroups(['Y4', 'Y5', 'Y6'])).toBe('Year 4, Year 5 and Year 6');
    expect(formatYearGroups([])).toBe('—');
  });

  it('picks the academic year that covers today, on both edges', () => {
    expect(currentAcademicYear(years, new Date(2026, 10, 23))?.code).toBe('2026/27');
    expect(currentAcademicYear(years, new Date(2026, 7, 31))?.code).toBe('2025/26');
    expect(currentAcademicYear(years, new Date(2026, 8, 1))?.code).toBe('2026/27');
  });

  it('falls back to the latest year that has begun, or none', () => {
    expect(currentAcademicYear(years, new Date(2031, 0, 1))?.code).toBe('2026/27');
    expect(currentAcademicYear(years, new Date(2020, 0, 1))).toBeNull();
    expect(currentAcademicYear([], new Date())).toBeNull();
  });

  it('sorts names as people expect', () => {
    const names = ['otterbrook', 'Bramblewood', 'Kestrel Lane'].map((name) => ({ name }));
    expect(names.sort(byName).map((n) => n.name)).toEqual(['Bramblewood', 'Kestrel Lane', 'otterbrook']);
  });
});

describe('class order', () => {
  it('lists classes youngest first, as a school would', async () => {
    const { byYoungestYear } = await import('./format');
    const classes = [
      { name: 'Cedars', year_groups: ['Y4', 'Y5', 'Y6'] },
      { name: 'Acorns', year_groups: ['R', 'Y1'] },
      { name: 'Beeches', year_groups: ['Y2', 'Y3'] },
      { name: 'Nursery', year_groups: ['N'] },
      { name: 'Unsorted', year_groups: [] },
    ];
    expect(classes.sort(byYoungestYear).map((c) => c.name)).toEqual(['Nursery', 'Acorns', 'Beeches', 'Cedars', 'Unsorted']);
  });
});
