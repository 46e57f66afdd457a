// Words for muting flags: the reason a leader gives, why the server refused a mute or unmute,
// and the names of the subjects and points a mute is about.
import type { SubjectRead } from '../../api/types';
import { ApiError, userMessage } from '../../lib/problems';
import { flagLabel, pointName } from './format';
import type { AssessmentPoint, Flag } from './types';

export const REASON_MAX = 500;

/** What is wrong with a reason before it is sent; null when it can go. */
export function reasonError(reason: string): string | null {
  const length = reason.trim().length;
  if (!length) return 'Say why this flag needs no action.';
  if (length > REASON_MAX) return `Keep the reason to ${REASON_MAX} characters or fewer (this one has ${length}).`;
  return null;
}

export interface MuteProblem {
  /** For the form as a whole; null when the reason field says it all. */
  message: string | null;
  /** The reason field's own message, shown beside it. */
  reason: string | null;
  /** The list no longer shows the flag as it is: reloading it helps. */
  stale: boolean;
}

/** Why the server refused to mute (or unmute) a flag, in words. */
export function muteProblem(error: unknown, flag: Flag | null): MuteProblem {
  if (!(error instanceof ApiError)) return { message: userMessage(error), reason: null, stale: false };
  const fields = error.problem?.errors ?? [];
  if (fields.some((e) => e.code === 'flag_changed')) {
    return {
      message: `This pupil's flag is no longer “${flagLabel(flag)}”: it changed after the list was loaded. Reload the list to see it as it is now.`,
      reason: null,
      stale: true,
    };
  }
  const reason = fields.find((e) => e.pointer === '/reason');
  if (reason) return { message: null, reason: reason.message, stale: false };
  switch (error.status) {
    case 403:
      return { message: 'Only the school’s leaders may mute and unmute flags.', reason: null, stale: false };
    case 404:
      return { message: 'This mute is no longer there: someone may have unmuted the flag already.', reason: null, stale: true };
    case 409:
      return { message: error.problem?.detail ?? 'This flag is already muted.', reason: null, stale: true };
    default:
      return { message: userMessage(error), reason: null, stale: false };
  }
}

/** A point of the trust by its id, as "Autumn 2026/27"; one the trust no longer lists by number. */
export function pointLabel(points: readonly AssessmentPoint[], pointId: number): string {
  const point = points.find((p) => p.id === pointId);
  return point ? pointName(point) : `Point ${pointId}`;
}

/** A subject by its code: its name when the trust's subjects are known. */
export function subjectLabel(subjects: readonly SubjectRead[], code: string): string {
  const name = subjects.find((s) => s.code === code)?.name;
  return name ?? code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');
}
