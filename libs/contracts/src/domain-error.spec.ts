import { DomainException, isProblem, problem, toProblemDetails } from './domain-error';
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
    expect(problem('client-not-found')).toEqual({ code: 'client-not-found' });
    expect(
      JSON.parse(
        JSON.stringify(problem('validation-failed', 'bad', [{ field: 'email', message: 'is required' }])),
      ),
    ).toEqual({
      code: 'validation-failed',
      detail: 'bad',
      errors: [{ field: 'email', message: 'is required' }],
    });
  });

  it('are recognised after crossing the bus, and nothing else is', () => {
    expect(isProblem(JSON.parse(JSON.stringify(problem('conflict', 'x'))))).toBe(true);
    expect(isProblem({ code: 'nope' })).toBe(false);
    expect(isProblem({ code: 'conflict', errors: [{ field: 1 }] })).toBe(false);
    expect(isProblem(new Error('conflict'))).toBe(false);
  });

  it('travel inside a DomainException', () => {
    const error = new DomainException(problem('client-active'));
    expect(error).toBeInstanceOf(Error);
    expect(error.problem).toEqual({ code: 'client-active' });
  });

  it('become the problem+json body of API.md', () => {
    expect(toProblemDetails(problem('email-taken', 'ana@example.com is taken'))).toEqual({
      type: 'urn:studio:problem:email-taken',
      title: 'This email is already used in the studio',
      status: 409,
      code: 'email-taken',
      detail: 'ana@example.com is taken',
      errors: [],
    });
  });

  it('always carry every field of the contract: detail falls back to the title', () => {
    expect(toProblemDetails(problem('client-not-found'))).toEqual({
      type: 'urn:studio:problem:client-not-found',
      title: 'No such client',
      status: 404,
      code: 'client-not-found',
      detail: 'No such client',
      errors: [],
    });
  });
});
