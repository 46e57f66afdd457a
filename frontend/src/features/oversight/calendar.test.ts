import { describe, expect, it } from 'vitest';
import { byDay, monthWeeks, shiftMonth } from './calendar';

describe('monthWeeks', () => {
  it('covers January 2027 in whole weeks starting on Monday 28 December', () => {
    const weeks = monthWeeks(2027, 0);
    expect(weeks[0]?.[0]).toEqual({ iso: '2026-12-28', day: 28, inMonth: false });
    expect(weeks[0]?.[4]).toEqual({ iso: '2027-01-01', day: 1, inMonth: true });
    expect(weeks.at(-1)?.at(-1)?.iso).toBe('2027-01-31');
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('starts a month that begins on a Monday with its first day', () => {
    const weeks = monthWeeks(2027, 1);
    expect(weeks[0]?.[0]?.iso).toBe('2027-02-01');
    expect(weeks).toHaveLength(4);
  });
});

describe('shiftMonth', () => {
  it('crosses the year both ways', () => {
    expect(shiftMonth(2026, 11, 1)).toEqual({ year: 2027, month: 0 });
    expect(shiftMonth(2027, 0, -1)).toEqual({ year: 2026, month: 11 });
  });
});

describe('byDay', () => {
  it('groups items under their date, keeping their order', () => {
    const found = byDay([{ d: '2027-01-05', n: 1 }, { d: '2027-01-06', n: 2 }, { d: '2027-01-05', n: 3 }], (x) => x.d);
    expect(found.get('2027-01-05')?.map((x) => x.n)).toEqual([1, 3]);
    expect(found.get('2027-01-07')).toBeUndefined();
  });
});
