import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth limit', () => {
  it('lets bodies up to the limit through and refuses one level more', () => {
    expect(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(nestsDeeperThan(bytes(`{"a":${nested(40_000)}}`))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const body = JSON.stringify({ note: '['.repeat(100), quoted: '\\"[[[[' + '{'.repeat(50) });
    expect(nestsDeeperThan(bytes(body))).toBe(false);
  });

  it('counts siblings once, not their sum', () => {
    expect(nestsDeeperThan(bytes(`[${Array.from({ length: 100 }, () => '{}').join(',')}]`))).toBe(false);
  });
});
