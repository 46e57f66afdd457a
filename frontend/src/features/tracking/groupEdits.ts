// Renaming and archiving a target group: the name's own checks, and why the server refused a
// change, in words.
import { ApiError, fieldErrors, userMessage } from '../../lib/problems';

export const NAME_MAX = 100;

export const STALE_GROUP = 'Someone else changed this group; reload to see their change.';

/** What is wrong with a new name before it is sent; null when it can go. */
export function nameError(name: string): string | null {
  const length = name.trim().length;
  if (!length) return 'Give the group a name.';
  if (length > NAME_MAX) return `Keep the name to ${NAME_MAX} characters or fewer (this one has ${length}).`;
  return null;
}

export type SaveProblem =
  /** The group changed since this page read it (412), or the page never had its version (428). */
  | { kind: 'stale'; message: string }
  /** The name was refused: not valid (422) or taken by another group of that subject that term (409). */
  | { kind: 'name'; message: string }
  | { kind: 'other'; message: string };

export function saveProblem(error: unknown): SaveProblem {
  if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
    return { kind: 'stale', message: STALE_GROUP };
  }
  const name = fieldErrors(error)['/name'];
  if (name) return { kind: 'name', message: name };
  return { kind: 'other', message: userMessage(error) };
}
