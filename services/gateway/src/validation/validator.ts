import { type FieldError } from '@studio/contracts';
import { ProblemError } from '@studio/messaging';

/**
 * A tiny structural validator for request bodies: types, required and unknown fields, lengths. Meaning
 * (email format, name rules, tags) is the services' job; this only keeps malformed input off the bus.
 */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };
export type Check<T> = (value: unknown, path: string) => Parsed<T>;

interface Optional<T> {
  readonly optional: true;
  readonly check: Check<T>;
}
type Spec = Check<unknown> | Optional<unknown>;
type Shape = Record<string, Spec>;
type Inner<S> = S extends Optional<infer T> ? T : S extends Check<infer T> ? T : never;
type Required<S extends Shape> = {
  [K in keyof S as S[K] extends Optional<unknown> ? never : K]: Inner<S[K]>;
};
type Optionals<S extends Shape> = {
  [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: Inner<S[K]>;
};
export type Output<S extends Shape> = Required<S> & Optionals<S>;

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (field: string, message: string): Parsed<never> => ({
  ok: false,
  errors: [{ field: field || 'body', message }],
});

/** Lengths count code points, as the services do. */
const length = (text: string): number => [...text].length;

export function text(options: { max: number }): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') return bad(path, 'must be a string');
    if (length(value) > options.max) return bad(path, `must be at most ${options.max} characters`);
    return good(value);
  };
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? good(null) : check(value, path));
}

export function list<T>(check: Check<T>, options: { max: number }): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return bad(path, 'must be an array');
    if (value.length > options.max) return bad(path, `must have at most ${options.max} items`);
    const errors: FieldError[] = [];
    const items: T[] = [];
    value.forEach((item: unknown, index) => {
      const parsed = check(item, `${path}[${index}]`);
      if (parsed.ok) items.push(parsed.value);
      else errors.push(...parsed.errors);
    });
    return errors.length > 0 ? { ok: false, errors } : good(items);
  };
}

export function optional<T>(check: Check<T>): Optional<T> {
  return { optional: true, check };
}

/** An object with exactly these fields: a missing required one or an unknown one is an error. */
export function object<S extends Shape>(shape: S): Check<Output<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return bad(path, 'must be an object');
    const input = value as Record<string, unknown>;
    const errors: FieldError[] = [];
    const output: Record<string, unknown> = {};
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    for (const [key, spec] of Object.entries(shape)) {
      const present = Object.hasOwn(input, key) && input[key] !== undefined;
      const isOptional = typeof spec !== 'function';
      if (!present) {
        if (!isOptional) errors.push({ field: at(key), message: 'is required' });
        continue;
      }
      const parsed = (isOptional ? spec.check : spec)(input[key], at(key));
      if (parsed.ok) output[key] = parsed.value;
      else errors.push(...parsed.errors);
    }
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key)) errors.push({ field: at(key), message: 'is not allowed' });
    }
    // Every key of the shape was checked above, so the output has the shape's types.
    return errors.length > 0 ? { ok: false, errors } : good(output as Output<S>);
  };
}

/** Checks a whole request body; no body at all counts as `{}` (for bodies whose fields are all optional). */
export function parseBody<T>(check: Check<T>, body: unknown): T {
  const parsed = check(body ?? {}, '');
  if (!parsed.ok) throw ProblemError.of('validation-failed', 'the request body is not valid', parsed.errors);
  return parsed.value;
}
