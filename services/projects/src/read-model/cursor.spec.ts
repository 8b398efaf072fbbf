import { decodeCursor, encodeCursor } from './cursor';

describe('the project list cursor', () => {
  it('round-trips the creation time and id', () => {
    const cursor = { createdAt: '2025-03-01T09:00:00.000Z', id: 'p-1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each(['not base64 json', Buffer.from('{"c":"yesterday","i":"p"}').toString('base64url'), 'e30'])(
    'refuses %s with validation-failed naming the cursor',
    (text) => {
      let thrown: unknown;
      try {
        decodeCursor(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ problem: { code: 'validation-failed', errors: [{ field: 'cursor' }] } });
    },
  );
});
