import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('stores argon2id at OWASP\u2019s parameters (19 MiB, 2 passes, 1 lane), salted, never the password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(stored).not.toContain('correct horse battery');
    expect(await hashPassword('correct horse battery')).not.toBe(stored);
  });

  it('verifies the password exactly as given: no trimming, no case folding', async () => {
    const stored = await hashPassword('Correct horse battery ');
    expect(await verifyPassword(stored, 'Correct horse battery ')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery')).toBe(false);
    expect(await verifyPassword(stored, 'correct horse battery ')).toBe(false);
  });

  it('answers false, after the same work, when there is no account', async () => {
    expect(await verifyPassword(null, 'correct horse battery')).toBe(false);
  });
});
