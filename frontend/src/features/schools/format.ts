// Words for school data: phases, year groups, and which academic year is the current one.
import type { AcademicYearRead, Phase } from '../../api/types';

const PHASES: Record<Phase, string> = {
  nursery: 'Nursery',
  primary: 'Primary',
  middle: 'Middle',
  secondary: 'Secondary',
  all_through: 'All-through',
  special: 'Special',
};

export function phaseLabel(phase: Phase | string): string {
  return PHASES[phase as Phase] ?? phase;
}

export function yearGroupLabel(code: string): string {
  if (code === 'N') return 'Nursery';
  if (code === 'R') return 'Reception';
  const year = /^Y(\d{1,2})$/.exec(code);
  return year ? `Year ${year[1]}` : code;
}

const list = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** ["R", "Y1"] → "Reception and Year 1". */
export function formatYearGroups(codes: readonly string[]): string {
  return codes.length ? list.format(codes.map(yearGroupLabel)) : '—';
}

/** The day as YYYY-MM-DD in the browser's own time zone (the school's day, not UTC's). */
export function localIsoDate(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The academic year that covers `today`; failing that, the latest one that has begun. */
export function currentAcademicYear(
  years: readonly AcademicYearRead[],
  today: Date,
): AcademicYearRead | null {
  const day = localIsoDate(today);
  const covering = years.find((y) => y.starts_on <= day && day <= y.ends_on);
  if (covering) return covering;
  const begun = years.filter((y) => y.starts_on <= day).sort((a, b) => (a.starts_on < b.starts_on ? 1 : -1));
  return begun[0] ?? null;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

export function byName<T extends { name: string }>(a: T, b: T): number {
  return collator.compare(a.name, b.name);
}

function yearOrdinal(code: string): number {
  if (code === 'N') return -1;
  if (code === 'R') return 0;
  const year = /^Y(\d{1,2})$/.exec(code);
  return year ? Number(year[1]) : 99;
}

/** Classes in school order: youngest first, then by name (mixed-age classes by their youngest). */
export function byYoungestYear<T extends { name: string; year_groups: readonly string[] }>(a: T, b: T): number {
  const youngest = (c: T) => Math.min(99, ...c.year_groups.map(yearOrdinal));
  return youngest(a) - youngest(b) || byName(a, b);
}
