import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['72h', 259_200_000],
    ['3d', 259_200_000],
    [' 1h ', 3_600_000],
  ])('%p is %p ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each(['', '72', 'h', '1.5h', '-1h', '10w', '1 h', '72H'])(
    'refuses %p with the accepted forms',
    (text) => {
      expect(parseDuration(text, 'INVITATION_TTL')).toMatchObject({
        ok: false,
        errors: [
          { field: 'INVITATION_TTL', message: expect.stringContaining('90s, 15m, 72h, 3d') as unknown },
        ],
      });
    },
  );

  it('refuses zero and absurdly long durations', () => {
    expect(parseDuration('0s')).toMatchObject({
      ok: false,
      errors: [{ message: 'must be greater than zero' }],
    });
    expect(parseDuration(`${'9'.repeat(20)}d`).ok).toBe(false);
  });
});
