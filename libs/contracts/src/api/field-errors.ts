import { type z } from 'zod';
import { fail, type FieldError, ok, type Result } from '../result';
import { type Output } from './text.schema';

/**
 * Checks a value against a schema and names every problem as API.md's `errors[]` do: dotted paths
 * (`owner.email`), array items by index (`tags[2]`), `root` for the value itself (`body`).
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root = 'body'): Result<Output<S>> {
  const parsed = schema.safeParse(value, { error: describe });
  if (parsed.success) return ok(parsed.data as Output<S>);
  const errors = parsed.error.issues.flatMap((issue) => fieldErrors(issue, root));
  return errors.length > 0 ? { ok: false, errors } : fail(root, 'is not valid');
}

function fieldErrors(issue: z.core.$ZodIssue, root: string): FieldError[] {
  const at = fieldPath(issue.path, root);
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key], root),
      message: 'is not allowed',
    }));
  return [{ field: at, message: issue.message }];
}

export function fieldPath(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Messages in the API's words; a schema's own message (a refinement's) wins over these. */
function describe(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return issue.expected === 'object' || issue.expected === 'array'
        ? `must be an ${issue.expected}`
        : `must be a ${issue.expected === 'int' ? 'whole number' : issue.expected}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : issue.origin === 'array'
          ? `must have at most ${String(issue.maximum)} items`
          : `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must be at least ${String(issue.minimum)} characters`
        : issue.origin === 'array'
          ? `must have at least ${String(issue.minimum)} items`
          : `must be at least ${String(issue.minimum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? 'must be an ISO 8601 time' : `must be a valid ${issue.format}`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return undefined;
  }
}
