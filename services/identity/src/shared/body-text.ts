/** A body field that should be a string: anything else counts as empty, so bad input is refused, not a crash. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
