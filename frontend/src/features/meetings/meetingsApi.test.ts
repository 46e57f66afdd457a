import { describe, expect, it } from 'vitest';
import { interventionNote, sections, type AgendaPupil, type InterventionBrief } from './meetingsApi';

const pupil = (id: number, category: AgendaPupil['category']): AgendaPupil => ({
  pupil_id: id,
  first_name: 'A',
  last_name: 'B',
  category,
  subjects: [],
  interventions: [],
});

describe('the agenda in sections', () => {
  it('takes falling behind first and leaves out empty sections', () => {
    const found = sections([pupil(1, 'good_progress'), pupil(2, 'falling_behind'), pupil(3, 'good_progress')]);
    expect(found.map((s) => [s.category, s.pupils.map((p) => p.pupil_id)])).toEqual([
      ['falling_behind', [2]],
      ['good_progress', [1, 3]],
    ]);
  });
});

describe('an intervention beside a pupil', () => {
  const brief: InterventionBrief = {
    id: 1,
    school_id: 1,
    name: 'Reading boost',
    wave: 'group',
    subject: 'reading',
    starts_on: '2026-11-02',
    ends_on: '2027-02-12',
  };
  const iso = (d: string) => d;
  it('says when it ends while it runs, when it ended after, and when it starts before', () => {
    expect(interventionNote(brief, '2026-12-01', iso)).toBe('Reading boost (reading, to 2027-02-12)');
    expect(interventionNote(brief, '2027-03-01', iso)).toBe('Reading boost (reading, ended 2027-02-12)');
    expect(interventionNote(brief, '2026-10-01', iso)).toBe('Reading boost (reading, from 2026-11-02)');
  });
});
