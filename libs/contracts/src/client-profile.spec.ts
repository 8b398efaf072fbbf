import { parseClientProfile, parseProfilePatch } from './client-profile';

describe('client profile', () => {
  it('normalises every field and fills the optional ones with null', () => {
    expect(
      parseClientProfile({
        firstName: ' Ana ',
        lastName: 'Silva',
        email: ' ANA@example.com',
        tags: ['VIP', 'vip'],
      }),
    ).toEqual({
      ok: true,
      value: {
        firstName: 'Ana',
        lastName: 'Silva',
        email: 'ana@example.com',
        phone: null,
        type: null,
        source: null,
        tags: ['VIP'],
      },
    });
  });

  it('reports every bad field at once', () => {
    const result = parseClientProfile({ firstName: '', lastName: '', email: 'nope', phone: 'abc' });
    expect(result.ok || result.errors.map((error) => error.field)).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
    ]);
  });

  it('a patch parses only the fields it has; null clears an optional one', () => {
    expect(parseProfilePatch({ lastName: ' Souza ', phone: null })).toEqual({
      ok: true,
      value: { lastName: 'Souza', phone: null },
    });
  });

  it('a patch refuses a blank required field', () => {
    expect(parseProfilePatch({ email: ' ' })).toMatchObject({ ok: false, errors: [{ field: 'email' }] });
  });
});
