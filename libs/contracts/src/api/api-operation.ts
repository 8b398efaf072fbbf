import { type z } from 'zod';
import { type ErrorCode } from '../error-codes';
import { type Input, type Output } from './text.schema';

/** Who may call an operation: anyone, any signed-in session, staff only, or the checkout (signed body). */
export type AuthLevel = 'public' | 'session' | 'staff' | 'signature';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export const API_TAGS = {
  Studios: 'Studios, sign-up, sign-in and sessions',
  Clients: 'The studio\u2019s client index and each client\u2019s access (staff only)',
  Invitations: 'Invitation and password reset links (public, by token)',
  Projects: 'Projects and their clients (staff; clients read theirs through /me)',
  Checkout: 'Package purchases from the checkout',
  Operations: 'Health and this document',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export interface SuccessResponse {
  readonly status: 200 | 201 | 202 | 204;
  readonly description: string;
  /** The JSON body; none for 202/204 and for non-JSON answers. */
  readonly schema?: z.ZodType;
  /** Not JSON: the media type of the answer (the docs page). */
  readonly mediaType?: 'text/html' | 'text/plain';
  /** Sets the session cookie, or clears it. */
  readonly cookie?: 'set' | 'clear';
  /** Answers `ETag: "<version>"`. */
  readonly etag?: boolean;
}

/** One operation of API.md: the single source of the gateway's routes, the OpenAPI document and the client. */
export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI style: `/api/v1/clients/{id}`. */
  readonly path: string;
  readonly tag: ApiTag;
  readonly summary: string;
  readonly description: string;
  readonly auth: AuthLevel;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly headers?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly success: SuccessResponse;
  /** The refusals of this operation itself; those of auth, validation, limits and outages are added. */
  readonly problems: readonly ErrorCode[];
  /**
   * The body holds a password: its `Idempotency-Key` record (every POST has one, `honoursIdempotencyKey`) is
   * sealed with a key only the same request again can draw, as the answer may carry a session.
   */
  readonly bodyHoldsPassword?: true;
  /**
   * `sensitive`: the tighter per-address limit (sign-in, resets, links); `sign-up`: a few an hour per address
   * (each costs a password hash and can send email); `none`: probes are never limited.
   */
  readonly rateLimit?: 'sensitive' | 'sign-up' | 'none';
  /** Served by the gateway today (Projects and Checkout arrive with issue 8). */
  readonly served: boolean;
}

/** API.md: `Idempotency-Key` on any POST. */
export const honoursIdempotencyKey = (operation: Operation): boolean => operation.method === 'POST';

/** Every problem an operation can answer, in order of status. */
export function problemsOf(operation: Operation): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const hasInput = [operation.params, operation.query, operation.headers, operation.body].some(Boolean);
  if (hasInput) codes.push('validation-failed');
  if (operation.auth === 'session' || operation.auth === 'staff') codes.push('unauthenticated');
  // Staff only; and a cookie session's write without X-Requested-With: studio.
  if (operation.auth === 'staff' || (operation.auth === 'session' && operation.method !== 'GET'))
    codes.push('forbidden');
  codes.push(...operation.problems);
  if (honoursIdempotencyKey(operation)) codes.push('idempotency-key-reused', 'conflict');
  if (operation.rateLimit !== 'none') codes.push('rate-limited');
  if (operation.tag !== 'Operations') codes.push('service-unavailable');
  return [...new Set(codes)];
}

/** `/api/v1/clients/{id}` as Express writes it: `/api/v1/clients/:id`. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

type SchemaInput<S> = S extends z.ZodType ? Input<S> : never;
type Part<K extends string, S> = S extends z.ZodType
  ? // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "has no required field"
    {} extends SchemaInput<S>
    ? { readonly [P in K]?: SchemaInput<S> }
    : { readonly [P in K]: SchemaInput<S> }
  : { readonly [P in K]?: never };

/** What a caller sends to an operation: its path parameters, query, headers and body, as typed. */
export type RequestOf<O extends Operation> = Part<'params', O['params']> &
  Part<'query', O['query']> &
  Part<'headers', O['headers']> &
  Part<'body', O['body']>;

/** What an operation answers on success (undefined for 202/204 and non-JSON answers). */
export type ResponseOf<O extends Operation> = O['success']['schema'] extends z.ZodType
  ? Output<O['success']['schema']>
  : undefined;
