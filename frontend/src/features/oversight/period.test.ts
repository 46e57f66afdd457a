import { describe, expect, it } from 'vitest';
import { presets, termSoFar } from './period';

describe('board report periods', () => {
  it('offers the last 100 days up to today', () => {
    const [last] = presets(new Date('2026-12-04T10:00:00Z'));
    expect(last).toEqual({ label: 'The last 100 days', starts: '2026-08-26', ends: '2026-12-04' });
  });

  it('finds the term a day falls in', () => {
    expect(termSoFar(new Date('2026-12-04T10:00:00Z')).starts).toBe('2026-09-01');
    expect(termSoFar(new Date('2027-02-10T10:00:00Z'))).toEqual({ label: 'The spring term so far', starts: '2027-01-01', ends: '2027-02-10' });
    expect(termSoFar(new Date('2027-06-30T10:00:00Z')).label).toBe('The summer term so far');
  });
});
