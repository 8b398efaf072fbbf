import { isProblemData, Problem, problemOf, toProblemDetails } from './problem';
import { ERROR_CODES, ERROR_STATUS, isErrorCode } from './error-codes';

describe('error codes', () => {
  it('map every API.md code to its status', () => {
    expect(ERROR_CODES).toHaveLength(29);
    expect(ERROR_STATUS).toMatchObject({
      'validation-failed': 400,
      'invalid-credentials': 401,
      forbidden: 403,
      'client-not-found': 404,
      'project-not-found': 404,
      'email-taken': 409,
      'invitation-replaced': 410,
      'version-mismatch': 412,
      'weak-password': 422,
      'rate-limited': 429,
      internal: 500,
      'service-unavailable': 503,
    });
  });

  it('recognise only their own codes', () => {
    expect(isErrorCode('email-taken')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('problems', () => {
  it('leave out absent parts, so they stay plain JSON', () => {
    expect(Problem.of('client-not-found').problem).toEqual({ code: 'client-not-found' });
    expect(
      JSON.parse(
        JSON.stringify(
          Problem.of('validation-failed', 'bad', [{ field: 'email', message: 'is required' }]).problem,
        ),
      ),
    ).toEqual({
      code: 'validation-failed',
      detail: 'bad',
      errors: [{ field: 'email', message: 'is required' }],
    });
  });

  it('are recognised after crossing the bus, and nothing else is', () => {
    expect(isProblemData(JSON.parse(JSON.stringify(Problem.of('conflict', 'x').problem)))).toBe(true);
    expect(isProblemData({ code: 'nope' })).toBe(false);
    expect(isProblemData({ code: 'conflict', errors: [{ field: 1 }] })).toBe(false);
    expect(isProblemData(new Error('conflict'))).toBe(false);
  });

  it('are one error type, thrown or as JSON', () => {
    const error = Problem.of('client-active');
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.problem]).toEqual(['client-active', { code: 'client-active' }]);
    expect(problemOf(error)).toEqual({ code: 'client-active' });
    expect(problemOf({ code: 'client-active' })).toEqual({ code: 'client-active' });
    expect(problemOf(new Error('client-active'))).toBeUndefined();
  });

  it('become the problem+json body of API.md', () => {
    expect(toProblemDetails(Problem.of('email-taken', 'ana@example.com is taken').problem)).toEqual({
      type: 'urn:studio:problem:email-taken',
      title: 'This email is already used in the studio',
      status: 409,
      code: 'email-taken',
      detail: 'ana@example.com is taken',
      errors: [],
    });
  });

  it('always carry every field of the contract: detail falls back to the title', () => {
    expect(toProblemDetails(Problem.of('client-not-found').problem)).toEqual({
      type: 'urn:studio:problem:client-not-found',
      title: 'No such client',
      status: 404,
      code: 'client-not-found',
      detail: 'No such client',
      errors: [],
    });
  });
});
