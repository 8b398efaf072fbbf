import { Problem } from '@studio/contracts';
import { decodeCursor, encodeCursor } from './cursor';

const raw = (s: string, k: string, i = 'c-1') =>
  Buffer.from(JSON.stringify({ s, k, i }), 'utf8').toString('base64url');

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof Problem ? error.problem : error;
  }
  return undefined;
};

describe('the client list cursor', () => {
  it('reads back what it wrote', () => {
    const cursor = { sort: 'createdAt', key: '2025-03-07T10:00:00.000Z', id: 'c-9' } as const;
    expect(decodeCursor(encodeCursor(cursor), 'createdAt')).toEqual(cursor);
  });

  it.each(['1', 'March 7', '2025-03-07', '2025-03-07T10:00:00+01:00'])(
    'refuses a time sort whose key is %j (Date.parse takes it, PostgreSQL may not)',
    (key) => {
      expect(refusal(() => decodeCursor(raw('-createdAt', key), '-createdAt'))).toMatchObject({
        code: 'validation-failed',
        errors: [{ field: 'cursor' }],
      });
    },
  );

  it('refuses a key or id with NUL or a lone surrogate', () => {
    for (const [key, id] of [
      ['a\u0000', 'c-1'],
      ['a', 'c\u0000'],
      ['\ud800', 'c-1'],
    ] as const)
      expect(refusal(() => decodeCursor(raw('lastName', key, id), 'lastName'))).toMatchObject({
        code: 'validation-failed',
      });
  });
});
