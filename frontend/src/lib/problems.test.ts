import { describe, expect, it } from 'vitest';
import {
  ApiError,
  MESSAGES,
  SessionExpiredError,
  errorFromNetwork,
  errorFromResponse,
  fieldErrors,
  kindForStatus,
  signInMessage,
  userMessage,
} from './problems';

const problem = (status: number, title: string, detail?: string) => ({
  type: `https://termwise.org/problems/${title.toLowerCase().replace(/ /g, '-')}`,
  title,
  status,
  ...(detail ? { detail } : {}),
});

describe('problem+json mapping', () => {
  it('keeps the problem document when the body is one', () => {
    const error = errorFromResponse(404, problem(404, 'Not found', 'No school 9 that you can see.'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('notFound');
    expect(error.status).toBe(404);
    expect(error.problem?.detail).toBe('No school 9 that you can see.');
    expect(error.message).toBe('No school 9 that you can see.');
  });

  it('copes with a body that is not a problem (a proxy page, plain text)', () => {
    const error = errorFromResponse(502, '<html>Bad gateway</html>');
    expect(error.kind).toBe('unreachable');
    expect(error.problem).toBeNull();
  });

  it.each([
    [400, 'invalid'],
    [401, 'unauthorised'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [409, 'conflict'],
    [412, 'conflict'],
    [422, 'invalid'],
    [428, 'conflict'],
    [429, 'rateLimited'],
    [500, 'unexpected'],
    [502, 'unreachable'],
    [503, 'unreachable'],
    [504, 'unreachable'],
  ])('maps HTTP %i to %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });

  it('collects field errors by JSON pointer', () => {
    const error = errorFromResponse(422, {
      ...problem(422, 'The request is not valid'),
      errors: [{ pointer: '/name', message: 'Too long', code: 'string_too_long' }],
    });
    expect(fieldErrors(error)).toEqual({ '/name': 'Too long' });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});

describe('messages for people', () => {
  it('says the agreed words for each page error', () => {
    expect(userMessage(errorFromResponse(403, problem(403, 'Not allowed')))).toBe(
      'You do not have permission to see this.',
    );
    expect(userMessage(errorFromResponse(503, problem(503, 'Service unavailable')))).toBe(
      'Termwise cannot reach its server; try again shortly.',
    );
    expect(userMessage(errorFromNetwork(new TypeError('Failed to fetch')))).toBe(
      'Termwise cannot reach its server; try again shortly.',
    );
    expect(userMessage(new SessionExpiredError())).toBe(
      'Your session has expired; please sign in again.',
    );
    expect(userMessage(errorFromResponse(404, problem(404, 'Not found')))).toBe(MESSAGES.notFound);
    expect(userMessage(errorFromResponse(500, problem(500, 'Internal server error')))).toBe(
      MESSAGES.unexpected,
    );
    expect(userMessage(new Error('boom'))).toBe(MESSAGES.unexpected);
  });

  it('never shows the server’s wording for a wrong password, only ours', () => {
    const error = errorFromResponse(401, problem(401, 'Not signed in', 'anything at all'));
    expect(signInMessage(error)).toBe('Incorrect e-mail or password.');
  });

  it('reads the token endpoint’s OAuth invalid_grant answer as a wrong e-mail or password', () => {
    const body = { ...problem(400, 'Sign-in refused', 'Incorrect e-mail or password.'), error: 'invalid_grant' };
    expect(signInMessage(errorFromResponse(400, body))).toBe('Incorrect e-mail or password.');
    // Any other 400 (a missing field) still asks for both.
    expect(signInMessage(errorFromResponse(400, { ...problem(400, 'Bad request'), error: 'invalid_request' }))).toBe(
      MESSAGES.signInIncomplete,
    );
  });

  it('shows the server’s detail when sign-in is locked', () => {
    const detail = 'Too many failed sign-ins for this account from your address; try again in 15 minutes.';
    expect(signInMessage(errorFromResponse(429, problem(429, 'Too many requests', detail)))).toBe(
      detail,
    );
    expect(signInMessage(errorFromResponse(429, problem(429, 'Too many requests')))).toBe(
      MESSAGES.signInLocked,
    );
  });

  it('tells the person when the server cannot be reached during sign-in', () => {
    expect(signInMessage(errorFromNetwork(new TypeError('Failed to fetch')))).toBe(
      MESSAGES.unreachable,
    );
    expect(signInMessage(errorFromResponse(503, problem(503, 'Service unavailable')))).toBe(
      MESSAGES.unreachable,
    );
  });
});
