import { START, type GlobalPosition } from './event-store.port';

/**
 * On the SQL stores a position is (transaction id, sequence): readers follow that order, so a transaction that
 * commits late with a low sequence is never skipped (docs/adr/0001-event-store-ordering.md).
 */
export interface PositionParts {
  readonly txId: string;
  readonly sequence: string;
}

const FORMAT = /^(\d+):(\d+)$/;

export function formatPosition(txId: string, sequence: string): GlobalPosition {
  return `${txId}:${sequence}`;
}

export function parsePosition(position: GlobalPosition): PositionParts {
  if (position === START) return { txId: '0', sequence: '0' };
  const match = FORMAT.exec(position);
  if (!match?.[1] || !match[2]) throw new RangeError(`not an event-store position: "${position}"`);
  return { txId: match[1], sequence: match[2] };
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  const left = parsePosition(a);
  const right = parsePosition(b);
  return compareBigInts(left.txId, right.txId) || compareBigInts(left.sequence, right.sequence);
}

function compareBigInts(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
