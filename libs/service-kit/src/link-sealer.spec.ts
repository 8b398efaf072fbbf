import { LinkSealer, newLinkKey, parseLinkKey } from './link-sealer';

const LINK = 'https://portal.example/invitations/abcDEF_123-xyz';
const key = () => parseLinkKey(newLinkKey());

describe('sealed links', () => {
  it('seals a link so that neither the token nor the link can be read, and opens it again', () => {
    const sealer = LinkSealer.withKey(key());
    const sealed = sealer.seal(LINK);
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('abcDEF');
    expect(sealed).not.toContain('portal.example');
    expect(sealer.open(sealed)).toBe(LINK);
    // A fresh IV each time: two seals of one link do not match.
    expect(sealer.seal(LINK)).not.toBe(sealed);
  });

  it('refuses a link sealed with another key, or altered', () => {
    const sealed = LinkSealer.withKey(key()).seal(LINK);
    expect(() => LinkSealer.withKey(key()).open(sealed)).toThrow(/does not open with this MAIL_LINK_KEY/);
    const sealer = LinkSealer.withKey(key());
    const mine = sealer.seal(LINK);
    const altered = mine.slice(0, -2) + (mine.endsWith('A') ? 'BB' : 'AA');
    expect(() => sealer.open(altered)).toThrow(/does not open/);
    expect(() => LinkSealer.withKey(undefined).open(sealed)).toThrow(/MAIL_LINK_KEY is not set/);
  });

  it('without a key, passes links as they are (and opens a link that was never sealed)', () => {
    const plain = LinkSealer.withKey(undefined);
    expect(plain.sealing).toBe(false);
    expect(plain.seal(LINK)).toBe(LINK);
    expect(LinkSealer.withKey(key()).open(LINK)).toBe(LINK);
  });

  it('reads a key as base64 or hex of 32 bytes, and nothing else', () => {
    const hex = 'ab'.repeat(32);
    expect(parseLinkKey(hex)?.length).toBe(32);
    expect(parseLinkKey(newLinkKey())?.length).toBe(32);
    expect(parseLinkKey('short')).toBeUndefined();
    expect(() => LinkSealer.withKey(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
