import { KurrentStreamNames } from './kurrent-stream-names';

describe('KurrentDB stream names', () => {
  const names = new KurrentStreamNames('event_store');

  it('prefix event streams with the namespace, and take it off again', () => {
    expect(names.events('client-1')).toBe('event_store:client-1');
    expect(names.streamIdOf('event_store:client-1')).toBe('client-1');
    expect(() => names.streamIdOf('other:client-1')).toThrow(RangeError);
  });

  it('keep reservations outside the event prefix, one stream per (scope, key), without the key in clear', () => {
    const stream = names.reservation('studio-1/email', 'ada@example.com');
    expect(stream.startsWith(names.eventPrefix)).toBe(false);
    expect(stream).toMatch(/^event_store-reservation:[0-9a-f]{64}$/);
    expect(stream).not.toContain('ada');
    expect(names.reservation('studio-1/email', 'ada@example.com')).toBe(stream);
    expect(names.reservation('studio-2/email', 'ada@example.com')).not.toBe(stream);
    // The separator keeps ("a", "bc") and ("ab", "c") apart.
    expect(names.reservation('a', 'bc')).not.toBe(names.reservation('ab', 'c'));
  });

  it('keep one namespace out of a longer one that starts the same', () => {
    expect(
      new KurrentStreamNames('run_1').events('x').startsWith(new KurrentStreamNames('run').eventPrefix),
    ).toBe(false);
  });

  it('refuse a namespace that could break the prefix', () => {
    expect(() => new KurrentStreamNames('a:b')).toThrow(RangeError);
    expect(() => new KurrentStreamNames('')).toThrow(RangeError);
  });
});
