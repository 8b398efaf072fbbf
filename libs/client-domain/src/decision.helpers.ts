import { Problem, type ErrorCode, type FieldError, type Result } from '@studio/contracts';
import type { ClientCommandBase } from './client.commands';

/** Refuses the command: the service replies with this problem and appends nothing. */
export function refuse(code: ErrorCode, detail?: string, errors?: readonly FieldError[]): never {
  throw Problem.of(code, detail, errors);
}

/** Refuses for now: `429 rate-limited`, to try again in `retryAfterMs` (the gateway's `Retry-After`). */
export function refuseForNow(detail: string, retryAfterMs: number): never {
  throw new Problem({
    code: 'rate-limited',
    detail,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });
}

/** The value of a parsed input, or a `validation-failed` refusal naming every bad field. */
export function valid<T>(result: Result<T>): T {
  return result.ok ? result.value : refuse('validation-failed', 'some fields are not valid', result.errors);
}

/** The fields every event of the decision shares. */
export function stamp({ studioId, clientId, now, by }: ClientCommandBase) {
  return { studioId, clientId, at: now.toISOString(), by };
}

/** For the `never` default of exhaustive switches: reached only if the types lie (e.g. bad JSON). */
export function unreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
