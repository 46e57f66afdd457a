import { describe, expect, it } from 'vitest';
import { byPupil, changeText, progressText } from './SchoolAttention';

describe('a change since the point before', () => {
  it('is signed, in tenths, or says there was none', () => {
    expect(changeText(3.24)).toBe('+3.2');
    expect(changeText(-1)).toBe('−1.0');
    expect(changeText(0)).toBe('no change');
    expect(changeText(null)).toBe('');
  });
});

describe('pupils newly of concern', () => {
  it('are one line per pupil and flag, naming every subject', () => {
    const p = (pupil_id: number, subject: string, flag: string) => ({ pupil_id, first_name: 'A', last_name: `P${pupil_id}`, subject, flag });
    const lines = byPupil([p(1, 'maths', 'falling_behind'), p(1, 'reading', 'falling_behind'), p(2, 'maths', 'stuck'), p(1, 'writing', 'stuck')]);
    expect(lines.map((l) => [l.pupil.pupil_id, l.subjects, l.flag])).toEqual([
      [1, 'maths and reading', 'falling_behind'],
      [2, 'maths', 'stuck'],
      [1, 'writing', 'stuck'],
    ]);
  });
});

describe('a plan’s progress', () => {
  it('counts its criteria by trajectory, in order of concern', () => {
    expect(progressText({ off_track: 1, on_track: 2, at_risk: 1 })).toBe('4 criteria: 2 on track, 1 at risk, 1 off track');
    expect(progressText({ not_known: 1 })).toBe('1 criterion: 1 not yet known');
    expect(progressText({})).toBe('no success criteria yet');
  });
});
