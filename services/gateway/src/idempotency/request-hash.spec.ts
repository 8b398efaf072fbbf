import { Problem } from '@studio/contracts';
import { bodyHash, canonicalJson } from './request-hash';

describe('idempotency body hash', () => {
  it('ignores the order of fields at every depth', () => {
    expect(bodyHash({ a: 1, b: { c: [1, { d: 2, e: 3 }], f: null } })).toBe(
      bodyHash({ b: { f: null, c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it('tells different bodies apart, including array order and value types', () => {
    expect(bodyHash({ tags: ['a', 'b'] })).not.toBe(bodyHash({ tags: ['b', 'a'] }));
    expect(bodyHash({ n: 1 })).not.toBe(bodyHash({ n: '1' }));
    expect(bodyHash({ email: 'a@x.io' })).not.toBe(bodyHash({ email: 'b@x.io' }));
  });

  it('treats no body as an empty object', () => {
    expect(bodyHash(undefined)).toBe(bodyHash({}));
  });

  it('is a hex SHA-256 of canonical JSON', () => {
    expect(canonicalJson({ b: 'x', a: [true, null] })).toBe('{"a":[true,null],"b":"x"}');
    expect(bodyHash({})).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a body nested deeper than the limit with validation-failed, never overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 40_000; i++) deep = [deep];
    let thrown: unknown;
    try {
      bodyHash({ a: deep });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Problem);
    expect((thrown as Problem).problem.code).toBe('validation-failed');
  });
});
