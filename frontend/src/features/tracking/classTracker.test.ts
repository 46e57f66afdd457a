import { describe, expect, it } from 'vitest';
import { layoutTracker } from './classTracker';
import type { ClassTracker } from './types';

const point = (id: number, name: string) => ({ id, code: name.slice(0, 3).toLowerCase(), name, academic_year: '2026/27', slot: 'aut' });

const tracker: ClassTracker = {
  class_id: 5,
  subject: 'writing',
  academic_year: '2026/27',
  points: [point(8, 'Autumn'), point(9, 'Spring'), point(10, 'Summer')],
  rows: ['Y4S', 'Y4D', 'Y4E', 'Y3S', 'Y3D'].map((key) => ({ key, label: key })),
  pupils: [
    {
      pupil_id: 1,
      first_name: 'Zara',
      last_name: 'Young',
      year_group: 'Y4',
      placements: [
        { point_id: 8, step: 'Y3D', attainment: 'below', flag: 'expected' },
        { point_id: 9, step: 'Y3D', attainment: 'below', flag: 'stuck' },
        { point_id: 10, step: null, attainment: 'missing', flag: 'missing' },
      ],
    },
    {
      pupil_id: 2,
      first_name: 'Ada',
      last_name: 'Adams',
      year_group: 'Y4',
      placements: [
        { point_id: 8, step: 'Y4E', attainment: 'at', flag: 'expected' },
        { point_id: 9, step: 'Y4D', attainment: 'at', flag: 'expected' },
      ],
    },
  ],
};

describe('layoutTracker', () => {
  const layout = layoutTracker(tracker);
  it('places each pupil in the row of their step at each point', () => {
    expect(layout.chips.get('Y3D')?.get(8)?.map((c) => c.name)).toEqual(['Zara Young']);
    expect(layout.chips.get('Y4D')?.get(9)?.map((c) => c.name)).toEqual(['Ada Adams']);
    expect(layout.chips.get('Y4E')?.get(9)).toBeUndefined();
  });
  it('marks a pupil who stayed on the same step, and only them', () => {
    const spring = layout.chips.get('Y3D')?.get(9) ?? [];
    expect(spring).toEqual([{ pupilId: 1, name: 'Zara Young', flag: 'stuck', unmoved: true }]);
    expect(layout.chips.get('Y3D')?.get(8)?.[0]?.unmoved).toBe(false);
    expect(layout.chips.get('Y4D')?.get(9)?.[0]?.unmoved).toBe(false);
  });
  it('lists pupils without a step at a point, placement or not', () => {
    expect(layout.missing.get(10)?.map((c) => c.pupilId)).toEqual([2, 1]);
  });
  it('draws only the rows between the highest and lowest step used', () => {
    expect(layout.rows.map((r) => r.key)).toEqual(['Y4D', 'Y4E', 'Y3S', 'Y3D']);
  });
});
