import { checkPassword, PASSWORD_MAX } from './password-policy';

describe('checkPassword', () => {
  it('accepts 8 characters, counted as code points', () => {
    expect(checkPassword('blue-fox')).toEqual({ ok: true });
    expect(checkPassword('ñandú🦆🦆🦆')).toEqual({ ok: true });
  });

  it('refuses fewer than 8 characters', () => {
    expect(checkPassword('blue-fo')).toMatchObject({ ok: false, reason: 'too-short' });
  });

  it('accepts long passphrases, well past 128 characters, without trimming', () => {
    expect(checkPassword(`  ${'correct horse battery staple '.repeat(30)}`)).toEqual({ ok: true });
    expect(checkPassword('x'.repeat(PASSWORD_MAX - 1) + 'y')).toEqual({ ok: true });
  });

  it('refuses more than 1024 characters', () => {
    expect(checkPassword('xy'.repeat(513))).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it.each(['password', '12345678', 'qwertyui', 'iloveyou', 'Password1', 'P@SSW0RD', 'aaaaaaaaaa'])(
    'refuses the common password %p',
    (password) => {
      expect(checkPassword(password)).toMatchObject({ ok: false, reason: 'common' });
    },
  );
});
