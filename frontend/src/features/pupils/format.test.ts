import { describe, expect, it } from 'vitest';
import type { CharacteristicsRead } from '../../api/types';
import {
  bySubject,
  characteristicBadges,
  formatDate,
  legalNameIfDifferent,
  nonResultLabel,
  pointLabel,
  pointShortName,
  preferredName,
  senLabel,
  subjectLabel,
  yesNo,
} from './format';

const names = (preferred_first_name: string | null, preferred_last_name: string | null = null) => ({
  legal_first_name: 'Aisha',
  legal_last_name: 'Malik',
  preferred_first_name,
  preferred_last_name,
});

const traits = (extra: Partial<CharacteristicsRead>): CharacteristicsRead => ({
  academic_year: '2026/27',
  disadvantaged: false,
  fsm: false,
  ever6_fsm: false,
  pupil_premium: false,
  eal: false,
  sen_status: 'none',
  looked_after: false,
  more_able: false,
  ...extra,
});

describe('pupil names', () => {
  it('shows the preferred name, and the legal name only when it differs', () => {
    expect(preferredName(names('Inaya'))).toBe('Inaya Malik');
    expect(legalNameIfDifferent(names('Inaya'))).toBe('Aisha Malik');
    expect(preferredName(names(null, 'Grant'))).toBe('Aisha Grant');
    expect(legalNameIfDifferent(names(null))).toBeNull();
    expect(legalNameIfDifferent(names('  '))).toBeNull();
    expect(legalNameIfDifferent(names('Aisha', 'Malik'))).toBeNull();
  });
});

describe('characteristics in words', () => {
  it('badges what matters, in words', () => {
    expect(characteristicBadges(null)).toEqual([]);
    expect(characteristicBadges(traits({}))).toEqual([]);
    expect(characteristicBadges(traits({ disadvantaged: true, sen_status: 'sen_support', eal: true }))).toEqual([
      'Disadvantaged',
      'SEN support',
      'EAL',
    ]);
    expect(characteristicBadges(traits({ sen_status: 'ehc_plan', looked_after: true }))).toEqual(['EHC plan', 'Looked after']);
  });

  it('labels SEN statuses and unknowns', () => {
    expect(senLabel('none')).toBe('No SEN');
    expect(senLabel('ehc_plan')).toBe('EHC plan');
    expect(senLabel(null)).toBe('Not recorded');
    expect(yesNo(true)).toBe('Yes');
    expect(yesNo(false)).toBe('No');
    expect(yesNo(null)).toBe('—');
  });
});

describe('dates, subjects and points', () => {
  it('formats calendar days without shifting them', () => {
    expect(formatDate('2016-06-27')).toBe('27 June 2016');
    expect(formatDate('2026-03-25', 'short')).toBe('25 Mar 2026');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('names subjects and puts the core first', () => {
    expect(subjectLabel('maths')).toBe('Maths');
    expect(subjectLabel('design_technology')).toBe('Design technology');
    expect(['science', 'maths', 'art', 'reading', 'writing'].sort(bySubject)).toEqual([
      'reading',
      'writing',
      'maths',
      'science',
      'art',
    ]);
  });

  it('labels assessment points like "2025/26 Spr"', () => {
    expect(pointLabel('2025/26', 'spr', 'Spring')).toBe('2025/26 Spr');
    expect(pointLabel('2024/25', 'aut')).toBe('2024/25 Aut');
    expect(pointLabel('2025/26', 'ks2', 'KS2 tests')).toBe('2025/26 KS2');
    expect(pointShortName('mid', 'Mid-year')).toBe('Mid-year');
    expect(pointShortName('end_of_year_teacher', 'End of year teacher assessment')).toBe('End_of_year_teacher');
    expect(nonResultLabel('not_required')).toBe('not required');
    expect(nonResultLabel('absent')).toBe('absent');
  });
});
