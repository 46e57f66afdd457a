import { describe, expect, it } from 'vitest';
import { areLineUnder, atOrAboveAre, cellIndex, cellKey, maxCount, shade, usedRows } from './grid';

const rows = ['Y4S', 'Y4D', 'Y4E', 'Y3S', 'Y3D', 'Y3E', 'Y2S'].map((key) => ({ key, label: key }));

describe('shade', () => {
  it('leaves empty and suppressed cells unshaded', () => {
    expect(shade(0, 10)).toBe(0);
    expect(shade(null, 10)).toBe(0);
    expect(shade(3, 0)).toBe(0);
  });
  it('gives the fullest cell the darkest shade and any pupil at least the lightest', () => {
    expect(shade(10, 10)).toBe(5);
    expect(shade(1, 100)).toBe(1);
    expect(shade(5, 10)).toBe(3);
    expect(shade(12, 10)).toBe(5);
  });
  it('finds the largest count', () => {
    expect(maxCount([{ count: 3 }, { count: null }, { count: 8 }])).toBe(8);
    expect(maxCount([])).toBe(0);
  });
});

describe('the ARE line', () => {
  const y4 = { are_row: 'Y4E' };
  it('is drawn above the ARE row of its own column only', () => {
    expect(areLineUnder(y4, 'Y4E')).toBe(true);
    expect(areLineUnder(y4, 'Y4D')).toBe(false);
    expect(areLineUnder({ are_row: null }, 'Y4E')).toBe(false);
  });
  it('has the ARE row and every row above it at or above ARE', () => {
    expect(atOrAboveAre(rows, y4, 'Y4S')).toBe(true);
    expect(atOrAboveAre(rows, y4, 'Y4E')).toBe(true);
    expect(atOrAboveAre(rows, y4, 'Y3S')).toBe(false);
    expect(atOrAboveAre(rows, { are_row: null }, 'Y4S')).toBe(false);
  });
});

describe('usedRows', () => {
  it('keeps the rows from the highest used to the lowest used, gaps included', () => {
    const cells = [
      { row: 'Y4D', count: 2, suppressed: false },
      { row: 'Y3D', count: 1, suppressed: false },
      { row: 'Y2S', count: 0, suppressed: false },
    ];
    expect(usedRows(rows, cells).map((r) => r.key)).toEqual(['Y4D', 'Y4E', 'Y3S', 'Y3D']);
  });
  it('keeps a suppressed cell and the rows asked for (the ARE rows)', () => {
    const cells = [{ row: 'Y3E', count: null, suppressed: true }];
    expect(usedRows(rows, cells, ['Y4E', null]).map((r) => r.key)).toEqual(['Y4E', 'Y3S', 'Y3D', 'Y3E']);
  });
  it('is empty when nobody is placed', () => {
    expect(usedRows(rows, [])).toEqual([]);
  });
});

describe('cellIndex', () => {
  it('finds a cell by column and row', () => {
    const cell = { year_group: 'Y4', row: 'Y4E', count: 3, pupil_ids: [1, 2, 3], suppressed: false };
    expect(cellIndex([cell]).get(cellKey('Y4', 'Y4E'))).toBe(cell);
    expect(cellIndex([cell]).get(cellKey('Y3', 'Y4E'))).toBeUndefined();
  });
});
