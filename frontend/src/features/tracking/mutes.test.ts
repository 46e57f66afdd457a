import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, MESSAGES } from '../../lib/problems';
import { muteProblem, pointLabel, REASON_MAX, reasonError, subjectLabel } from './mutes';
import type { AssessmentPoint } from './types';

const problem = (status: number, detail: string, errors?: { pointer: string; message: string; code: string }[]) => ({
  type: 'https://termwise.org/problems/x',
  title: 'Refused',
  status,
  detail,
  ...(errors ? { errors } : {}),
});

describe('reasonError', () => {
  it('asks for a reason, and one of at most 500 characters', () => {
    expect(reasonError('')).toBe('Say why this flag needs no action.');
    expect(reasonError('   \n ')).toBe('Say why this flag needs no action.');
    expect(reasonError('x'.repeat(REASON_MAX + 1))).toBe('Keep the reason to 500 characters or fewer (this one has 501).');
  });
  it('lets a reason through, counting it without the spaces around it', () => {
    expect(reasonError('Back from a long absence; reassessed next term.')).toBeNull();
    expect(reasonError(` ${'x'.repeat(REASON_MAX)} `)).toBeNull();
  });
});

describe('muteProblem', () => {
  it('says in words that the flag changed after the list was loaded, and that reloading helps', () => {
    const error = errorFromResponse(
      422,
      problem(422, "The pupil's flag there is slow, not falling_behind.", [
        { pointer: '/flag', message: "The pupil's flag there is slow, not falling_behind.", code: 'flag_changed' },
      ]),
    );
    const refused = muteProblem(error, 'falling_behind');
    expect(refused.message).toContain('no longer “Falling behind”');
    expect(refused.message).not.toContain('falling_behind');
    expect(refused).toMatchObject({ reason: null, stale: true });
  });
  it('puts a refused reason beside the field', () => {
    const error = errorFromResponse(
      422,
      problem(422, '/reason: String should have at least 1 character', [
        { pointer: '/reason', message: 'String should have at least 1 character', code: 'string_too_short' },
      ]),
    );
    expect(muteProblem(error, 'stuck')).toEqual({ message: null, reason: 'String should have at least 1 character', stale: false });
  });
  it('keeps the server\'s words for a flag muted already, and offers a reload', () => {
    const error = errorFromResponse(409, problem(409, 'This flag is already muted.'));
    expect(muteProblem(error, 'stuck')).toEqual({ message: 'This flag is already muted.', reason: null, stale: true });
  });
  it('explains a refusal to someone who is not a leader, and a mute that has gone', () => {
    expect(muteProblem(errorFromResponse(403, problem(403, 'Only the school’s leaders…')), 'stuck').message).toBe(
      'Only the school’s leaders may mute and unmute flags.',
    );
    expect(muteProblem(errorFromResponse(404, problem(404, 'No flag mute 9 that you can see.')), 'stuck')).toMatchObject({
      stale: true,
    });
  });
  it('falls back to the app\'s usual words', () => {
    expect(muteProblem(new ApiError('unreachable', 0, null), 'stuck').message).toBe(MESSAGES.unreachable);
    expect(muteProblem(new Error('boom'), null).message).toBe(MESSAGES.unexpected);
  });
});

describe('names in the list of muted flags', () => {
  const points = [{ id: 8, name: 'Spring', academic_year: '2026/27' }] as AssessmentPoint[];
  it('names a point by its term and year, or by its number when the trust no longer lists it', () => {
    expect(pointLabel(points, 8)).toBe('Spring 2026/27');
    expect(pointLabel(points, 3)).toBe('Point 3');
  });
  it('names a subject by the trust\'s name for it, or from its code', () => {
    expect(subjectLabel([{ code: 'writing', name: 'Writing', is_core: true }], 'writing')).toBe('Writing');
    expect(subjectLabel([], 'science_y6')).toBe('Science y6');
  });
});
