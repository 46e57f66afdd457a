// Words for pupil data: names, characteristics, subjects and assessment points.
import type { CharacteristicsRead, Gender, SenStatus } from '../../api/types';

interface Named {
  legal_first_name: string;
  legal_last_name: string;
  preferred_first_name: string | null;
  preferred_last_name: string | null;
}

export function legalName(p: Named): string {
  return `${p.legal_first_name} ${p.legal_last_name}`;
}

/** The name the pupil goes by: preferred first and last names where given. */
export function preferredName(p: Named): string {
  const first = p.preferred_first_name?.trim() || p.legal_first_name;
  const last = p.preferred_last_name?.trim() || p.legal_last_name;
  return `${first} ${last}`;
}

/** The legal name, when it differs from the name shown; otherwise null. */
export function legalNameIfDifferent(p: Named): string | null {
  const legal = legalName(p);
  return legal === preferredName(p) ? null : legal;
}

const GENDERS: Record<Gender, string> = { F: 'Female', M: 'Male', X: 'Another or not known' };

export function genderLabel(gender: Gender): string {
  return GENDERS[gender] ?? gender;
}

const SEN: Record<SenStatus, string> = { none: 'No SEN', sen_support: 'SEN support', ehc_plan: 'EHC plan' };

export function senLabel(sen: SenStatus | null): string {
  return sen ? SEN[sen] : 'Not recorded';
}

/** The characteristics worth a badge in a list, in words (never colour alone). */
export function characteristicBadges(c: CharacteristicsRead | null): string[] {
  if (!c) return [];
  const badges: string[] = [];
  if (c.disadvantaged) badges.push('Disadvantaged');
  if (c.sen_status === 'sen_support') badges.push('SEN support');
  if (c.sen_status === 'ehc_plan') badges.push('EHC plan');
  if (c.eal) badges.push('EAL');
  if (c.looked_after) badges.push('Looked after');
  return badges;
}

/** true / false / unknown as a cell of a table. */
export function yesNo(value: boolean | null): string {
  if (value === null) return '—';
  return value ? 'Yes' : 'No';
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2016-06-27" → "27 June 2016" (a calendar day: no time zone shifts it). */
export function formatDate(iso: string, style: 'long' | 'short' = 'long'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return (style === 'long' ? dateFormat : shortDate).format(day);
}

const SUBJECTS: Record<string, string> = {
  reading: 'Reading',
  writing: 'Writing',
  maths: 'Maths',
  gps: 'Grammar, punctuation and spelling',
  science: 'Science',
  english: 'English',
};
const SUBJECT_ORDER = ['reading', 'writing', 'maths', 'english', 'gps', 'science'];

export function subjectLabel(code: string): string {
  return SUBJECTS[code] ?? capitalise(code.replace(/[_-]+/g, ' '));
}

/** Core subjects first, as schools list them; then the rest by name. */
export function bySubject(a: string, b: string): number {
  const rank = (s: string) => {
    const i = SUBJECT_ORDER.indexOf(s);
    return i === -1 ? SUBJECT_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

const POINTS: Record<string, string> = {
  aut: 'Aut',
  aut1: 'Aut1',
  aut2: 'Aut2',
  spr: 'Spr',
  spr1: 'Spr1',
  spr2: 'Spr2',
  sum: 'Sum',
  sum1: 'Sum1',
  sum2: 'Sum2',
  baseline: 'Base',
  ks1: 'KS1',
  ks2: 'KS2',
  eyfs: 'EYFS',
  phonics: 'Phonics',
  mtc: 'MTC',
};

/** A short name for an assessment point within its year: "aut" → "Aut". */
export function pointShortName(point: string, pointName?: string | null): string {
  const known = POINTS[point.toLowerCase()];
  if (known) return known;
  if (pointName && pointName.length <= 8) return pointName;
  return capitalise(point);
}

/** "2025/26 Spr": an assessment point in its year, as the charts and tables label it. */
export function pointLabel(academicYear: string, point: string, pointName?: string | null): string {
  return `${academicYear} ${pointShortName(point, pointName)}`;
}

const NON_RESULTS: Record<string, string> = {
  absent: 'absent',
  not_required: 'not required',
  not_enrolled: 'not enrolled',
};

export function nonResultLabel(code: string): string {
  return NON_RESULTS[code] ?? code.replace(/_/g, ' ');
}

function capitalise(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
