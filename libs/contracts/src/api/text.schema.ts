import { z } from 'zod';

/*
 * Building blocks of every schema of the API and the bus. Text never carries a NUL or a lone surrogate (they
 * break PostgreSQL, logs and other languages' JSON); bounds here are generous outer limits: the services
 * apply the domain's own rules (values.ts) and answer `validation-failed` themselves.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** A string of at most `max` characters, without NUL or lone surrogates. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text (no lone surrogates)');

/** An opaque id (of a studio, a client, a project, an event). */
export const id = () => text(200);
/** A secret token from a link (invitation, password reset) or a session. */
export const token = () => text(1024);
/** An ISO 8601 UTC time, as every time of the API is written. */
export const time = () => z.iso.datetime({ offset: false });

export const name = () => text(200);

const LIMIT = 'must be a whole number from 1 to 100';
/** A page's size in a query string. */
export const pageLimit = () =>
  z.coerce
    .number({ error: LIMIT })
    .int({ error: LIMIT })
    .min(1, { error: LIMIT })
    .max(100, { error: LIMIT })
    .default(25)
    .describe('Items a page, 1 to 100');
/** Where a page starts in a query string. */
export const cursor = () => text(1000).optional().describe('`nextCursor` of the previous page');
export const email = () => text(320);
/** Above the password policy's maximum, so an over-long password is the policy's `weak-password`. */
export const password = () => text(4096);

/**
 * What a schema's output looks like to its readers: every object and array read-only, so values built from
 * read-only data (a decided state, an event) fit without copies.
 */
export type Immutable<T> = T extends (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** The read-only type of a schema's output (what it gives) and input (what it accepts). */
export type Output<S extends z.ZodType> = Immutable<z.output<S>>;
export type Input<S extends z.ZodType> = Immutable<z.input<S>>;
