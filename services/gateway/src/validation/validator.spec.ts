import { ProblemError } from '@studio/messaging';
import {
  addClientBody,
  createStudioBody,
  parseIfMatch,
  parseListQuery,
  sendInvitationBody,
  updateClientBody,
} from './bodies';
import { parseBody } from './validator';

const errorsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ProblemError) return { code: error.problem.code, errors: error.problem.errors };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('body validation', () => {
  it('passes a valid body through', () => {
    const body = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@x.io',
      tags: ['vip'],
      invite: { message: 'Hi' },
    };
    expect(parseBody(addClientBody, body)).toEqual(body);
  });

  it('names missing, mistyped, unknown and nested fields', () => {
    const refused = errorsOf(() =>
      parseBody(createStudioBody, {
        name: 3,
        owner: { firstName: 'A', lastName: 'B', email: ['x'], password: 'p', admin: true },
        extra: 1,
      }),
    );
    expect(refused.code).toBe('validation-failed');
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must be a string' },
        { field: 'slug', message: 'is required' },
        { field: 'owner.email', message: 'must be a string' },
        { field: 'owner.admin', message: 'is not allowed' },
        { field: 'extra', message: 'is not allowed' },
      ]),
    );
    expect(refused.errors).toHaveLength(5);
  });

  it('names array items by index and refuses over-long text', () => {
    const refused = errorsOf(() =>
      parseBody(addClientBody, {
        firstName: 'x'.repeat(201),
        lastName: 'L',
        email: 'e',
        tags: ['a', 'b', 7],
      }),
    );
    expect(refused.errors).toEqual([
      { field: 'firstName', message: 'must be at most 200 characters' },
      { field: 'tags[2]', message: 'must be a string' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf(() => parseBody(addClientBody, [1])).errors).toEqual([
      { field: 'body', message: 'must be an object' },
    ]);
    expect(errorsOf(() => parseBody(addClientBody, 'text')).errors).toEqual([
      { field: 'body', message: 'must be an object' },
    ]);
  });

  it('accepts null to clear optional fields, and no body when every field is optional', () => {
    expect(parseBody(updateClientBody, { phone: null, tags: [] })).toEqual({ phone: null, tags: [] });
    expect(parseBody(sendInvitationBody, undefined)).toEqual({});
    expect(errorsOf(() => parseBody(updateClientBody, { firstName: null })).errors).toEqual([
      { field: 'firstName', message: 'must be a string' },
    ]);
  });
});

describe('list query', () => {
  it('defaults sort and limit and leaves out what is not given', () => {
    expect(parseListQuery({})).toEqual({ sort: 'lastName', limit: 25 });
    expect(
      parseListQuery({ q: 'ad', access: 'Invited', sort: '-createdAt', limit: '100', other: 'x' }),
    ).toEqual({
      q: 'ad',
      access: 'Invited',
      sort: '-createdAt',
      limit: 100,
    });
  });

  it('refuses bad limits, sorts, access values and repeated parameters', () => {
    expect(
      errorsOf(() => parseListQuery({ limit: '0', sort: 'age', access: 'Gone', q: ['a', 'b'] })).errors,
    ).toEqual([
      { field: 'limit', message: 'must be a whole number from 1 to 100' },
      { field: 'q', message: 'must be given once' },
      { field: 'access', message: 'must be one of Inactive, Invited, Active' },
      {
        field: 'sort',
        message: 'must be one of lastName, -lastName, firstName, email, createdAt, -createdAt',
      },
    ]);
    expect(errorsOf(() => parseListQuery({ limit: '101' })).errors).toHaveLength(1);
    expect(errorsOf(() => parseListQuery({ limit: '2.5' })).errors).toHaveLength(1);
  });

  it('takes an empty parameter as not given', () => {
    expect(
      parseListQuery({ q: '', access: '', type: '', source: '', tag: '', sort: '', limit: '', cursor: '' }),
    ).toEqual({ sort: 'lastName', limit: 25 });
  });
});

describe('If-Match', () => {
  it('reads a quoted version, or none', () => {
    expect(parseIfMatch('"7"')).toBe(7);
    expect(parseIfMatch('W/"3"')).toBe(3);
    expect(parseIfMatch(undefined)).toBeNull();
    expect(parseIfMatch('4')).toBe(4);
    expect(parseIfMatch('*')).toBeNull();
    expect(errorsOf(() => parseIfMatch('"abc"')).errors).toEqual([
      { field: 'If-Match', message: 'must be "<version>"' },
    ]);
  });
});
