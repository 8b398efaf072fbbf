/** Delay before retry number `attempt` (from 0): 100 ms doubling up to 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 5_000);
}
