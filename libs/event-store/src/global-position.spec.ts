import { START } from './event-store.port';
import { comparePositions, formatPosition, parsePosition } from './global-position';

describe('global position', () => {
  it('round-trips (transaction id, sequence) through its string form', () => {
    expect(parsePosition(formatPosition('812', '40'))).toEqual({ txId: '812', sequence: '40' });
  });

  it('reads START as the beginning', () => {
    expect(parsePosition(START)).toEqual({ txId: '0', sequence: '0' });
    expect(comparePositions(START, formatPosition('1', '1'))).toBe(-1);
  });

  it('orders by transaction id, then sequence, as numbers (not as text)', () => {
    expect(comparePositions('9:500', '10:2')).toBe(-1);
    expect(comparePositions('10:3', '10:2')).toBe(1);
    expect(comparePositions('10:2', '10:2')).toBe(0);
  });

  it('refuses what is not a position', () => {
    expect(() => parsePosition('12')).toThrow(RangeError);
    expect(() => parsePosition('a:1')).toThrow(RangeError);
  });
});
