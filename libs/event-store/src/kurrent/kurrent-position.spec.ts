import { START } from '../event-store.port';
import { comparePositions } from '../global-position';
import { fromKurrentPosition, toKurrentPosition } from './kurrent-position';

describe('KurrentDB positions as GlobalPosition', () => {
  it('round-trip (commit, prepare), also past 2^53', () => {
    const big = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 9n };
    expect(toKurrentPosition(fromKurrentPosition(big))).toEqual(big);
    expect(fromKurrentPosition({ commit: 1200n, prepare: 1100n })).toBe('1200:1100');
  });

  it('read START as the beginning of $all', () => {
    expect(toKurrentPosition(START)).toBeUndefined();
    expect(comparePositions(START, fromKurrentPosition({ commit: 0n, prepare: 1n }))).toBe(-1);
  });

  it('order as $all does: by commit, then prepare, as numbers', () => {
    const positions = [
      { commit: 10n, prepare: 10n },
      { commit: 9n, prepare: 500n },
      { commit: 10n, prepare: 12n },
      { commit: 100n, prepare: 2n },
    ];
    const sorted = positions.map(fromKurrentPosition).sort(comparePositions);
    expect(sorted).toEqual(['9:500', '10:10', '10:12', '100:2']);
  });

  it('refuse what is not a position', () => {
    expect(() => toKurrentPosition('12')).toThrow(RangeError);
  });
});
