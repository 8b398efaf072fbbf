import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../error-codes';
import { named } from './api-registry';

export const FieldErrorSchema = named(
  'FieldError',
  'One field\u2019s problem: `owner.email`, `tags[2]`, or `body` for the body as a whole',
  z.strictObject({ field: z.string(), message: z.string() }),
);

/** API.md's `application/problem+json` body: every field always present. */
export const ProblemSchema = named(
  'Problem',
  'An error (RFC 9457): `code` is stable and machine-readable',
  z.strictObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    detail: z.string(),
    errors: z.array(FieldErrorSchema),
  }),
);
