import { describe, expect, it } from 'vitest';
import { differenceText, impactSummary, recentYears, startingFrom, startLink } from './interventionsApi';

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

describe('starting an intervention from elsewhere', () => {
  it('carries the pupils, subject and name, and reads back the same', () => {
    const link = startLink(3, [4, 9], 'maths', 'Number sense');
    expect(link).toBe('/schools/3/interventions?pupils=4%2C9&subject=maths&name=Number+sense');
    const params = new URLSearchParams(link.split('?')[1]);
    expect(startingFrom(params)).toEqual({ pupilIds: [4, 9], subject: 'maths', actionId: null, name: 'Number sense' });
  });
});

describe('the provision map in a few words', () => {
  const row = { measurable: true, impact_note: null, difference: 1, interval: [0.2, 1.8], group_mean_gain: 3, expected_mean_gain: 2 };
  it('gives the difference against similar pupils where there is one', () => {
    expect(impactSummary(row)).toBe('+1.0 steps (95% interval +0.2 to +1.8) against similar pupils');
  });
  it('otherwise the gains and why there is no comparison, or why there is nothing yet', () => {
    expect(impactSummary({ ...row, difference: null, interval: null, impact_note: 'too few similar pupils to compare (2; at least 5 needed)' })).toBe(
      'Mean gain 3.0 (expected 2.0); too few similar pupils to compare (2; at least 5 needed)',
    );
    expect(impactSummary({ ...row, measurable: false, group_mean_gain: null, difference: null, interval: null, impact_note: 'not yet measurable' })).toBe('not yet measurable');
  });
});

describe('the years a provision map offers', () => {
  it('counts back across the century', () => {
    expect(recentYears('2026/27')).toEqual(['2026/27', '2025/26', '2024/25']);
    expect(recentYears('2000/01')).toEqual(['2000/01', '1999/00', '1998/99']);
  });
});
