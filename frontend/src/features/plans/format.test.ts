import { describe, expect, it } from 'vitest';
import { byUrgency, cohortText, figure, needsReason, termLabel } from './format';

describe('plan figures in words', () => {
  it('writes each unit as a reader expects', () => {
    expect(figure(46.4, 'percent')).toBe('46.4%');
    expect(figure(1, 'count')).toBe('1 pupil');
    expect(figure(3, 'count')).toBe('3 pupils');
    expect(figure(-16.1, 'percent', 'gap_percent')).toBe('−16.1 points');
    expect(figure(2, 'pupils')).toBe('2 pupils');
    expect(figure(1.5, 'points')).toBe('1.5 steps');
    expect(figure(null, 'percent')).toBe('—');
  });

  it('names the cohort a criterion is about', () => {
    expect(cohortText({ year_groups: ['Y6'], subject: 'writing', subgroup: null, measure: 'pct_at_are' })).toBe('Year 6 · writing');
    expect(cohortText({ year_groups: [], subject: 'reading', subgroup: 'disadvantaged', measure: 'gap_percent' })).toBe(
      'Whole school · reading · disadvantaged against the rest',
    );
    expect(cohortText({ year_groups: ['Y5', 'Y6'], subject: 'combined', subgroup: 'sen', measure: 'pct_at_are' })).toBe(
      'Year 5, Year 6 · reading, writing and maths · SEN',
    );
  });

  it('puts overdue actions first, then the soonest due', () => {
    const actions = [
      { id: 1, overdue: false, due_on: '2026-12-01' },
      { id: 2, overdue: true, due_on: '2026-11-20' },
      { id: 3, overdue: false, due_on: '2026-11-25' },
    ];
    expect(byUrgency(actions).map((a) => a.id)).toEqual([2, 3, 1]);
  });

  it('asks for a reason only when the RAG differs from the data', () => {
    expect(needsReason('red', 'amber')).toBe(true);
    expect(needsReason('red', 'red')).toBe(false);
    expect(needsReason(null, 'green')).toBe(false);
    expect(termLabel('autumn', '2026/27')).toBe('Autumn 2026/27');
  });
});
