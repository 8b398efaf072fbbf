import type { CreateStudioBody } from '@studio/contracts';
import { parseSlug, parseStudioInput } from './studio-input';

const body = (
  overrides: Partial<CreateStudioBody> = {},
  owner: Partial<CreateStudioBody['owner']> = {},
): CreateStudioBody => ({
  name: ' Atelier Nord ',
  slug: 'atelier-nord',
  owner: {
    firstName: 'Ada',
    lastName: 'Lind',
    email: ' Ada@Example.COM ',
    password: 'a long passphrase',
    ...owner,
  },
  ...overrides,
});

describe('studio input', () => {
  it('normalises a valid studio', () => {
    expect(parseStudioInput(body())).toEqual({
      ok: true,
      value: {
        name: 'Atelier Nord',
        slug: 'atelier-nord',
        owner: { firstName: 'Ada', lastName: 'Lind', email: 'ada@example.com' },
      },
    });
  });

  it('names every bad field with its path', () => {
    const result = parseStudioInput(body({ name: '', slug: '-x' }, { email: 'nope', lastName: ' ' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['name', 'slug', 'owner.lastName', 'owner.email']);
  });

  it('accepts slugs of 3 to 50 lowercase letters, digits and inner hyphens', () => {
    for (const slug of ['abc', 'a-1', 'x'.repeat(50)]) expect(parseSlug(slug).ok).toBe(true);
    for (const slug of ['ab', 'Abc', 'abc-', '-abc', 'a_b', 'x'.repeat(51), 'ab c'])
      expect(parseSlug(slug).ok).toBe(false);
  });

  it('survives a body without an owner', () => {
    const result = parseStudioInput({ name: 'A', slug: 'abc' } as CreateStudioBody);
    expect(result.ok).toBe(false);
  });
});
