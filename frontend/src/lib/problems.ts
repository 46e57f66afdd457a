// Turning what the API (or the network) says went wrong into one error type and plain words.
// Every API error is RFC 9457 application/problem+json: {type, title, status, detail?, errors?}.
import type { Problem } from '../api/types';

export const MESSAGES = {
  badCredentials: 'Incorrect e-mail or password.',
  signInLocked: 'Too many failed sign-ins; try again later.',
  signInIncomplete: 'Enter your e-mail address and password.',
  sessionExpired: 'Your session has expired; please sign in again.',
  forbidden: 'You do not have permission to see this.',
  notFound: 'We could not find that page. It may have moved, or it may not be yours to see.',
  unreachable: 'Termwise cannot reach its server; try again shortly.',
  unexpected: 'Something went wrong on our side. Try again, and tell your administrator if it keeps happening.',
} as const;

export type ErrorKind =
  | 'unauthorised' // 401: not signed in, or the token is no good
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'conflict' // 409, 412, 428: someone else changed it, or a precondition is missing
  | 'invalid' // 400, 422
  | 'rateLimited' // 429
  | 'unreachable' // no answer, or 502/503/504
  | 'unexpected'; // anything else

export class ApiError extends Error {
  readonly kind: ErrorKind;
  /** The HTTP status, or 0 when no response came back. */
  readonly status: number;
  readonly problem: Problem | null;

  constructor(kind: ErrorKind, status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
  }
}

/** The session is over (refresh failed or was refused); the user must sign in again. */
export class SessionExpiredError extends Error {
  constructor() {
    super(MESSAGES.sessionExpired);
    this.name = 'SessionExpiredError';
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number' && typeof v.type === 'string';
}

export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'invalid';
    case 401:
      return 'unauthorised';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
    case 412:
    case 428:
      return 'conflict';
    case 429:
      return 'rateLimited';
    case 502:
    case 503:
    case 504:
      return 'unreachable';
    default:
      return 'unexpected';
  }
}

/** An error response (status and parsed body, whatever it was) as an ApiError. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const problem = isProblem(body) ? body : null;
  return new ApiError(kindForStatus(status), status, problem);
}

/** fetch() rejected: no connection, DNS, CORS, an aborted request. */
export function errorFromNetwork(cause: unknown): ApiError {
  const error = new ApiError('unreachable', 0, null, MESSAGES.unreachable);
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** Field-level messages the server sent (422), keyed by JSON pointer. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem?.errors) return {};
  return Object.fromEntries(error.problem.errors.map((e) => [e.pointer, e.message]));
}

/** What to tell a person about an error on a page of the app. */
export function userMessage(error: unknown): string {
  if (error instanceof SessionExpiredError) return MESSAGES.sessionExpired;
  if (!(error instanceof ApiError)) return MESSAGES.unexpected;
  switch (error.kind) {
    case 'unauthorised':
      return MESSAGES.sessionExpired;
    case 'forbidden':
      return MESSAGES.forbidden;
    case 'notFound':
      return MESSAGES.notFound;
    case 'unreachable':
      return MESSAGES.unreachable;
    case 'rateLimited':
      return error.problem?.detail ?? 'Too many requests; wait a moment and try again.';
    case 'conflict':
    case 'invalid':
      return error.problem?.detail ?? error.problem?.title ?? MESSAGES.unexpected;
    default:
      return MESSAGES.unexpected;
  }
}

/** What to tell a person whose sign-in failed. */
export function signInMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return MESSAGES.unexpected;
  // The token endpoint answers as OAuth 2.0 does: a wrong password is a 400 `invalid_grant`.
  if (error.problem?.error === 'invalid_grant') return MESSAGES.badCredentials;
  switch (error.kind) {
    case 'unauthorised':
      return MESSAGES.badCredentials;
    case 'rateLimited':
      return error.problem?.detail ?? MESSAGES.signInLocked;
    case 'invalid':
      return MESSAGES.signInIncomplete;
    case 'unreachable':
      return MESSAGES.unreachable;
    default:
      return MESSAGES.unexpected;
  }
}
