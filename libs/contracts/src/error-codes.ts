/**
 * Every problem code of the HTTP contract (API.md) with its status and title. One table, so a code, its
 * status and its title cannot drift apart; services return codes, the gateway turns them into problem+json.
 */
const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid session is required' },
  'invalid-credentials': { status: 401, title: 'The email or password is wrong' },
  'bad-signature': { status: 401, title: 'The signature is not valid' },
  forbidden: { status: 403, title: 'This session may not do that' },
  'client-not-found': { status: 404, title: 'No such client' },
  'invitation-not-found': { status: 404, title: 'No such invitation' },
  'reset-not-found': { status: 404, title: 'No such password reset' },
  'project-not-found': { status: 404, title: 'No such project' },
  'not-found': { status: 404, title: 'Not found' },
  'email-taken': { status: 409, title: 'This email is already used in the studio' },
  'slug-taken': { status: 409, title: 'This studio address is taken' },
  'client-active': { status: 409, title: 'The client is active: deactivate first, then invite' },
  'invitation-pending': { status: 409, title: 'An invitation is pending: resend it instead' },
  'no-invitation': { status: 409, title: 'The client has no invitation' },
  'client-inactive': { status: 409, title: 'The client is already inactive' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'invitation-expired': { status: 410, title: 'The invitation has expired' },
  'invitation-revoked': { status: 410, title: 'The invitation was revoked' },
  'invitation-replaced': { status: 410, title: 'A newer invitation was sent' },
  'invitation-used': { status: 410, title: 'The invitation was already used' },
  'reset-expired': { status: 410, title: 'The password reset link has expired' },
  'reset-used': { status: 410, title: 'The password reset link was already used' },
  'version-mismatch': { status: 412, title: 'The resource was changed by someone else' },
  'weak-password': { status: 422, title: 'The password is too weak' },
  'idempotency-key-reused': { status: 422, title: 'The idempotency key was used with another request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'service-unavailable': { status: 503, title: 'The service is unavailable, try again' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof PROBLEMS;

// Object.keys loses the key type; the table above is the only source of these keys.
export const ERROR_CODES = Object.keys(PROBLEMS) as readonly ErrorCode[];

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = column((row) => row.status);
export const ERROR_TITLE: Readonly<Record<ErrorCode, string>> = column((row) => row.title);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(PROBLEMS, value);
}

function column<V>(pick: (row: (typeof PROBLEMS)[ErrorCode]) => V): Record<ErrorCode, V> {
  return Object.fromEntries(ERROR_CODES.map((code) => [code, pick(PROBLEMS[code])])) as Record<ErrorCode, V>;
}
