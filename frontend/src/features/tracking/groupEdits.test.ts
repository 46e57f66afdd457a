import { describe, expect, it } from 'vitest';
import { errorFromResponse, MESSAGES } from '../../lib/problems';
import { NAME_MAX, nameError, saveProblem, STALE_GROUP } from './groupEdits';

const problem = (status: number, detail: string, errors?: { pointer: string; message: string; code: string }[]) => ({
  type: 'https://termwise.org/problems/x',
  title: 'Refused',
  status,
  detail,
  ...(errors ? { errors } : {}),
});

describe('nameError', () => {
  it('asks for a name of at most 100 characters', () => {
    expect(nameError('  ')).toBe('Give the group a name.');
    expect(nameError('x'.repeat(NAME_MAX + 1))).toBe('Keep the name to 100 characters or fewer (this one has 101).');
    expect(nameError(' Spring writing boost ')).toBeNull();
  });
});

describe('saveProblem', () => {
  it('reads a stale ETag (412) or a missing one (428) as someone else\'s change, to reload', () => {
    const stale = errorFromResponse(412, problem(412, 'Someone else changed this since you read it; reload and apply your change again.'));
    expect(saveProblem(stale)).toEqual({ kind: 'stale', message: STALE_GROUP });
    expect(saveProblem(errorFromResponse(428, problem(428, 'Send the ETag you read in an If-Match header.')))).toEqual({
      kind: 'stale',
      message: STALE_GROUP,
    });
  });
  it('puts the name\'s own refusal beside the field: not valid, or taken in that subject that term', () => {
    const taken = errorFromResponse(
      409,
      problem(409, "This school already has a group called 'Boost' in maths that term.", [
        { pointer: '/name', message: "This school already has a group called 'Boost' in maths that term.", code: 'duplicate' },
      ]),
    );
    expect(saveProblem(taken)).toEqual({ kind: 'name', message: "This school already has a group called 'Boost' in maths that term." });
    const long = errorFromResponse(
      422,
      problem(422, '/name: String should have at most 100 characters', [
        { pointer: '/name', message: 'String should have at most 100 characters', code: 'string_too_long' },
      ]),
    );
    expect(saveProblem(long)).toEqual({ kind: 'name', message: 'String should have at most 100 characters' });
  });
  it('explains anything else in the app\'s usual words', () => {
    expect(saveProblem(errorFromResponse(403, problem(403, 'Changing target groups needs assessments:write at this school.')))).toEqual({
      kind: 'other',
      message: MESSAGES.forbidden,
    });
  });
});
