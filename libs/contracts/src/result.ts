import { type FieldErrorSchema } from './api/problem.schema';
import { type Output } from './api/text.schema';

/** A field-level complaint, as it appears in a problem's `errors[]` (API.md). */
export type FieldError = Output<typeof FieldErrorSchema>;

/** What value objects return instead of throwing: callers collect every field's errors into one 400. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(field: string, message: string): Result<T> {
  return { ok: false, errors: [{ field, message }] };
}

// A result that may be undefined (a field not given) yields a value that may be undefined (left out).
type Values<T> = {
  [K in keyof T]: Exclude<T[K], undefined> extends Result<infer V>
    ? undefined extends T[K]
      ? V | undefined
      : V
    : never;
};

/** Merges named results into one: every error of every field, or every given value under its key. */
export function collect<T extends Record<string, Result<unknown> | undefined>>(
  results: T,
): Result<Values<T>> {
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, result] of Object.entries(results)) {
    if (result === undefined) continue;
    if (result.ok) values[key] = result.value;
    else errors.push(...result.errors);
  }
  // The loop filled every key of T that had a result with that result's value.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: values as Values<T> };
}
