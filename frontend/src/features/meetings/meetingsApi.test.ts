import { describe, expect, it } from 'vitest';
import { sections, type AgendaPupil } from './meetingsApi';

const pupil = (id: number, category: AgendaPupil['category']): AgendaPupil => ({
  pupil_id: id,
  first_name: 'A',
  last_name: 'B',
  category,
  subjects: [],
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
