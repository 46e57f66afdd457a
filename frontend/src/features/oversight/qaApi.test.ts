import { describe, expect, it } from 'vitest';
import { stateText } from './qaApi';

describe('a quality-assurance activity in a word or two', () => {
  const day = (iso: string) => iso.slice(5);
  it('says done with its day, overdue, or due', () => {
    expect(stateText({ state: 'done', overdue: false, done_on: '2026-12-03' }, day)).toBe('Done 12-03');
    expect(stateText({ state: 'scheduled', overdue: true, done_on: null }, day)).toBe('Overdue');
    expect(stateText({ state: 'scheduled', overdue: false, done_on: null }, day)).toBe('Due');
  });
});
