import { describe, expect, it } from 'vitest';
import { polygon, spokes } from './radar';

describe('the radar chart', () => {
  const centre = { x: 100, y: 100 };
  it('draws the first spoke straight up and the rest clockwise, evenly', () => {
    expect(spokes(4, centre, 50)).toEqual([
      { x: 100, y: 50 },
      { x: 150, y: 100 },
      { x: 100, y: 150 },
      { x: 50, y: 100 },
    ]);
  });
  it('puts each score at its share of the spoke, and keeps a score within the scale', () => {
    expect(polygon([4, 2, 0, 8], 4, centre, 50)).toBe('100,50 125,100 100,100 50,100');
  });
});
