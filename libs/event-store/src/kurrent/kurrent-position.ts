import type { Position } from '@kurrent/kurrentdb-client';
import { START, type GlobalPosition } from '../event-store.port';
import { formatPosition, parsePosition } from '../global-position';

/**
 * A `$all` position is (commit, prepare); `$all` is ordered by commit, then prepare. It takes the SQL stores'
 * `<a>:<b>` form, so `comparePositions` orders both, and START stays the beginning.
 */
export function fromKurrentPosition(position: Position): GlobalPosition {
  return formatPosition(position.commit.toString(), position.prepare.toString());
}

/** The position to read `$all` after, or undefined for START. */
export function toKurrentPosition(position: GlobalPosition): Position | undefined {
  if (position === START) return undefined;
  const { txId, sequence } = parsePosition(position);
  return { commit: BigInt(txId), prepare: BigInt(sequence) };
}
