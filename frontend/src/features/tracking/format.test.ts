import { describe, expect, it } from 'vitest';
import { countText, flagLabel, gapPupilsText, isFlag, isSubgroup, percentText, pointName, pointsText, withheldKey } from './format';

describe('countText', () => {
  it('shows a suppressed count as "not shown", never a number nor how big it is', () => {
    expect(countText(null, true)).toBe('not shown');
    expect(countText(3, true)).toBe('not shown');
    // A count withheld only to protect a small one beside it is not small itself.
    expect(countText(12, true)).toBe('not shown');
  });
  it('shows a count as it is, and an unknown one as a dash', () => {
    expect(countText(0, false)).toBe('0');
    expect(countText(27, false)).toBe('27');
    expect(countText(null, false)).toBe('—');
  });
  it('explains withheld numbers with the threshold', () => {
    expect(withheldKey(5)).toBe(
      'Numbers for groups of fewer than 5 pupils are not shown, nor numbers from which one could be worked out.',
    );
  });
});

describe('percentText', () => {
  it('rounds to one decimal and drops a trailing .0', () => {
    expect(percentText(53.84)).toBe('53.8%');
    expect(percentText(100)).toBe('100%');
    expect(percentText(49.96)).toBe('50%');
  });
  it('says "not shown" for a suppressed percentage', () => {
    expect(percentText(60, true)).toBe('not shown');
    expect(percentText(null)).toBe('—');
  });
});

describe('gaps in words', () => {
  it('signs percentage points with a true minus', () => {
    expect(pointsText(-16.1)).toBe('−16.1 points');
    expect(pointsText(4)).toBe('+4 points');
    expect(pointsText(0.01)).toBe('0 points');
  });
  it('says how many more pupils would need to reach ARE, or how far ahead the group is', () => {
    expect(gapPupilsText(9)).toBe('9 pupils more would need to reach ARE to match the rest');
    expect(gapPupilsText(1)).toBe('1 pupil more would need to reach ARE to match the rest');
    expect(gapPupilsText(-2)).toBe('ahead of the rest by 2 pupils');
    expect(gapPupilsText(0)).toBe('no gap in pupils');
  });
});

describe('labels', () => {
  it('names flags and points in words', () => {
    expect(flagLabel('falling_behind')).toBe('Falling behind');
    expect(flagLabel(null)).toBe('No flag');
    expect(pointName({ name: 'Autumn', academic_year: '2026/27' })).toBe('Autumn 2026/27');
  });
  it('accepts only known flags and subgroups', () => {
    expect(isFlag('stuck')).toBe(true);
    expect(isFlag('sticky')).toBe(false);
    expect(isSubgroup('eal')).toBe(true);
    expect(isSubgroup(null)).toBe(false);
  });
});
