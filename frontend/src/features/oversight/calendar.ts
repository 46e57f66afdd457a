// A month of the schedule as a calendar: whole weeks, Monday first, as UK school calendars are.

export interface CalendarDay {
  iso: string;
  day: number;
  inMonth: boolean;
}

function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The weeks (Monday to Sunday) covering the month; `month` is 0-based. */
export function monthWeeks(year: number, month: number): CalendarDay[][] {
  const first = new Date(Date.UTC(year, month, 1));
  const start = new Date(first);
  start.setUTCDate(1 - ((first.getUTCDay() + 6) % 7));
  const weeks: CalendarDay[][] = [];
  const cursor = new Date(start);
  do {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i += 1) {
      week.push({ iso: isoOf(cursor), day: cursor.getUTCDate(), inMonth: cursor.getUTCMonth() === month });
      cursor.setUTCDate(cursor.getUTCDate() + 1);
    }
    weeks.push(week);
  } while (cursor.getUTCMonth() === month);
  return weeks;
}

/** The month after (or before, with -1) a year and 0-based month. */
export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
  const total = year * 12 + month + by;
  return { year: Math.floor(total / 12), month: ((total % 12) + 12) % 12 };
}

/** Items grouped by their ISO date, for the calendar's cells. */
export function byDay<T>(items: T[], dayOf: (item: T) => string): Map<string, T[]> {
  const found = new Map<string, T[]>();
  for (const item of items) found.set(dayOf(item), [...(found.get(dayOf(item)) ?? []), item]);
  return found;
}
