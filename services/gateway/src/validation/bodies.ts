import { type Access, type ClientSort, type FieldError, type ListClientsBody } from '@studio/contracts';
import { ProblemError } from '@studio/messaging';
import { list, nullable, object, optional, text } from './validator';

/*
 * The shapes of API.md's bodies. Limits here are generous outer bounds (the services apply the real rules and
 * answer validation-failed themselves): they stop absurd input early, never decide what is valid.
 */
const name = text({ max: 200 });
const email = text({ max: 320 });
const label = nullable(text({ max: 200 }));
// Above the password policy's own maximum, so an over-long password is the policy's `weak-password`.
const password = text({ max: 4096 });
const message = nullable(text({ max: 4000 }));
const tags = list(text({ max: 200 }), { max: 100 });

export const createStudioBody = object({
  name,
  slug: text({ max: 100 }),
  owner: object({ firstName: name, lastName: name, email, password }),
});

export const signInBody = object({ email, password });

export const passwordResetRequestBody = object({ email });

export const passwordBody = object({ password });

export const addClientBody = object({
  firstName: name,
  lastName: name,
  email,
  phone: optional(label),
  type: optional(label),
  source: optional(label),
  tags: optional(tags),
  invite: optional(object({ message: optional(message) })),
});

export const updateClientBody = object({
  firstName: optional(name),
  lastName: optional(name),
  email: optional(email),
  phone: optional(label),
  type: optional(label),
  source: optional(label),
  tags: optional(tags),
});

export const sendInvitationBody = object({ message: optional(message) });

/** For endpoints without a body: nothing, or `{}`. */
export const emptyBody = object({});

const ACCESS: readonly Access[] = ['Inactive', 'Invited', 'Active'];
const SORTS: readonly ClientSort[] = [
  'lastName',
  '-lastName',
  'firstName',
  'email',
  'createdAt',
  '-createdAt',
];

/** The list's filters, sort and page as the caller asked; the studio and read-your-writes are the gateway's. */
export type ListQuery = Omit<ListClientsBody, 'studioId' | 'after'>;

/**
 * The list's query string; parameters it does not know are ignored (caches and tools add their own), and an
 * empty one (`?access=&cursor=`, as forms and URL builders send an unset filter) counts as not given.
 */
export function parseListQuery(query: Readonly<Record<string, unknown>>): ListQuery {
  const errors: FieldError[] = [];
  const single = (key: string, max: number): string | undefined => {
    const value = query[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') errors.push({ field: key, message: 'must be given once' });
    else if ([...value].length > max)
      errors.push({ field: key, message: `must be at most ${max} characters` });
    else return value;
    return undefined;
  };
  const pick = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const value = single(key, 50);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    errors.push({ field: key, message: `must be one of ${values.join(', ')}` });
    return undefined;
  };
  const limitText = single('limit', 10);
  const limit = limitText === undefined ? 25 : Number(limitText);
  if (limitText !== undefined && (!/^\d+$/.test(limitText) || limit < 1 || limit > 100)) {
    errors.push({ field: 'limit', message: 'must be a whole number from 1 to 100' });
  }
  const q = single('q', 200);
  const access = pick('access', ACCESS);
  const type = single('type', 200);
  const source = single('source', 200);
  const tag = single('tag', 200);
  const sort = pick('sort', SORTS) ?? 'lastName';
  const cursor = single('cursor', 1000);
  if (errors.length > 0) throw ProblemError.of('validation-failed', 'the query is not valid', errors);
  // Only what was given, so the projector sees only real filters.
  return {
    ...(q === undefined ? {} : { q }),
    ...(access === undefined ? {} : { access }),
    ...(type === undefined ? {} : { type }),
    ...(source === undefined ? {} : { source }),
    ...(tag === undefined ? {} : { tag }),
    sort,
    limit,
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/**
 * `If-Match: "<version>"` (a weak `W/` prefix and a bare number are tolerated): the version the caller last
 * saw. `*` (any version, RFC 9110) asks for no check, like no header.
 */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '*') return null;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match?.[1]) {
    throw ProblemError.of('validation-failed', 'If-Match is not valid', [
      { field: 'If-Match', message: 'must be "<version>"' },
    ]);
  }
  return Number(match[1]);
}
