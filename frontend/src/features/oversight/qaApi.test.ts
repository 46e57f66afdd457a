import { describe, expect, it } from 'vitest';
import { ownerOf, stateText } from './qaApi';
import { keyOf } from './setupApi';

describe('a quality-assurance activity in a word or two', () => {
  const day = (iso: string) => iso.slice(5);
  it('says done with its day, overdue, or due', () => {
    expect(stateText({ state: 'done', overdue: false, done_on: '2026-12-03' }, day)).toBe('Done 12-03');
    expect(stateText({ state: 'scheduled', overdue: true, done_on: null }, day)).toBe('Overdue');
    expect(stateText({ state: 'scheduled', overdue: false, done_on: null }, day)).toBe('Due');
  });
});

describe('who carries an activity out', () => {
  it('is the person named, else the owning role in words', () => {
    expect(ownerOf({ owner_name: 'Ruth Ames', owner_role: 'trust_leader' })).toBe('Ruth Ames');
    expect(ownerOf({ owner_name: null, owner_role: 'external_adviser' })).toBe('external adviser');
  });
});

describe('a new activity type key', () => {
  it('is the name in lower case with underscores, starting with a letter', () => {
    expect(keyOf('Attendance review')).toBe('attendance_review');
    expect(keyOf(' 2nd SEND  audit! ')).toBe('nd_send_audit');
  });
});
