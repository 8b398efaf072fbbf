/** True for PostgreSQL's unique_violation (pg and PGlite both expose `code` and `constraint`). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && name === constraint;
}

/** Timestamps come back as Date from pg and PGlite; accept a string too. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
