import { describe, expect, it } from 'vitest';
import { differenceText, startingFrom } from './interventionsApi';

describe('interventions', () => {
  it('starts from the pupils, subject and action in the address, dropping what is not an id', () => {
    expect(startingFrom(new URLSearchParams('pupils=4,9,x&subject=maths&action=12&name=Boost'))).toEqual({
      pupilIds: [4, 9],
      subject: 'maths',
      actionId: 12,
      name: 'Boost',
    });
    expect(startingFrom(new URLSearchParams('subject=DROP TABLE')).subject).toBe('reading');
  });

  it('gives the difference with its interval, or nothing when there is none', () => {
    expect(differenceText({ difference: 1, interval: [-0.5, 2.25] })).toBe('+1.0 steps (95% interval −0.5 to +2.3)');
    expect(differenceText({ difference: null, interval: null })).toBeNull();
  });
});
