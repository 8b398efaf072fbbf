import { API } from './api.routes';
import { parseWith } from './field-errors';
import {
  AddClientRequestSchema,
  IfMatchSchema,
  ListClientsQuerySchema,
  UpdateClientRequestSchema,
} from './client.schema';
import { CreateStudioRequestSchema } from './studio.schema';

const errorsOf = (result: ReturnType<typeof parseWith>) => (result.ok ? [] : result.errors);

describe('parsing with the API schemas', () => {
  it('passes a valid body through', () => {
    const body = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@x.io',
      tags: ['vip'],
      invite: { message: 'Hi' },
    };
    expect(parseWith(AddClientRequestSchema, body)).toEqual({ ok: true, value: body });
  });

  it('names missing, mistyped, unknown and nested fields with dotted paths', () => {
    const result = parseWith(CreateStudioRequestSchema, {
      name: 3,
      owner: { firstName: 'A', lastName: 'B', email: ['x'], password: 'p', admin: true },
      extra: 1,
    });
    expect(errorsOf(result)).toEqual([
      { field: 'name', message: 'must be a string' },
      { field: 'slug', message: 'is required' },
      { field: 'owner.email', message: 'must be a string' },
      { field: 'owner.admin', message: 'is not allowed' },
      { field: 'extra', message: 'is not allowed' },
    ]);
  });

  it('names array items by index, and refuses over-long text, NUL and lone surrogates', () => {
    const result = parseWith(AddClientRequestSchema, {
      firstName: 'x'.repeat(201),
      lastName: 'L\u0000',
      email: '\ud800',
      tags: ['a', 'b', 7],
    });
    expect(errorsOf(result)).toEqual([
      { field: 'firstName', message: 'must be at most 200 characters' },
      { field: 'lastName', message: 'must not contain NUL characters' },
      { field: 'email', message: 'must be valid Unicode text (no lone surrogates)' },
      { field: 'tags[2]', message: 'must be a string' },
    ]);
    expect(
      parseWith(AddClientRequestSchema, { firstName: 'A', lastName: 'B', email: '\ud83d\ude00' }).ok,
    ).toBe(true);
  });

  it('refuses __proto__ and a body that is not an object', () => {
    expect(
      errorsOf(parseWith(AddClientRequestSchema, JSON.parse('{"__proto__": {"admin": true}}'))),
    ).toContainEqual({
      field: '__proto__',
      message: 'is not allowed',
    });
    expect(errorsOf(parseWith(AddClientRequestSchema, [1]))).toEqual([
      { field: 'body', message: 'must be an object' },
    ]);
  });

  it('accepts null to clear optional fields, but not for required ones', () => {
    expect(parseWith(UpdateClientRequestSchema, { phone: null, tags: [] })).toEqual({
      ok: true,
      value: { phone: null, tags: [] },
    });
    expect(errorsOf(parseWith(UpdateClientRequestSchema, { firstName: null }))).toEqual([
      { field: 'firstName', message: 'must be a string' },
    ]);
  });

  it('defaults the list query and names its bad values', () => {
    expect(parseWith(ListClientsQuerySchema, { other: 'x' })).toEqual({
      ok: true,
      value: { limit: 25, sort: 'lastName' },
    });
    expect(
      errorsOf(parseWith(ListClientsQuerySchema, { limit: '0', sort: 'age', access: 'Gone' }, 'query')),
    ).toEqual([
      { field: 'access', message: 'must be one of Inactive, Invited, Active' },
      { field: 'limit', message: 'must be a whole number from 1 to 100' },
      {
        field: 'sort',
        message: 'must be one of lastName, -lastName, firstName, email, createdAt, -createdAt',
      },
    ]);
    expect(errorsOf(parseWith(ListClientsQuerySchema, { limit: '2.5' }))).toHaveLength(1);
  });

  it('reads If-Match as the version: quoted, weak, bare, or none', () => {
    const read = (value: string | undefined) => parseWith(IfMatchSchema, value, 'If-Match');
    expect(read('"7"')).toEqual({ ok: true, value: 7 });
    expect(read('W/"3"')).toEqual({ ok: true, value: 3 });
    expect(read('4')).toEqual({ ok: true, value: 4 });
    expect(read('*')).toEqual({ ok: true, value: null });
    expect(read(undefined)).toEqual({ ok: true, value: null });
    expect(errorsOf(read('W/"127-abc"'))).toEqual([{ field: 'If-Match', message: 'must be "<version>"' }]);
  });

  it('gives every operation a unique id, matching its key', () => {
    for (const [key, operation] of Object.entries(API)) expect(operation.operationId).toBe(key);
  });
});
