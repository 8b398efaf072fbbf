import {
  normalizeEmail,
  parseEmail,
  parseInvitationMessage,
  parseLabel,
  parsePersonName,
  parsePhone,
  parseTags,
} from './values';

const decomposedE = 'e\u0301'; // "é" as e + combining acute accent
const composedE = '\u00e9';
const longEmail = `ana@${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(63)}.com`; // 254 characters

describe('email', () => {
  it('is trimmed and lower-cased', () => {
    expect(parseEmail('  Ana@EXAMPLE.com ')).toEqual({ ok: true, value: 'ana@example.com' });
  });

  it('is NFC-normalised, so both spellings of é are one address', () => {
    expect(normalizeEmail(`Jos${decomposedE}@example.com`)).toBe(`jos${composedE}@example.com`);
  });

  it.each([
    ['plus addressing', 'ana+studio@example.com'],
    ['subdomains', 'ana@mail.example.co.uk'],
    ['a 64-character local part', `${'a'.repeat(64)}@example.com`],
    ['an internationalised domain', 'ana@exämple.de'],
    ['254 characters', longEmail],
  ])('accepts %s', (_case, email) => {
    expect(parseEmail(email).ok).toBe(true);
  });

  it.each([
    ['empty', '   '],
    ['no @', 'ana.example.com'],
    ['two @', 'ana@b@example.com'],
    ['an empty local part', '@example.com'],
    ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
    ['a domain without a dot', 'ana@localhost'],
    ['an empty label', 'ana@example..com'],
    ['a label starting with a hyphen', 'ana@-example.com'],
    ['a numeric top-level domain', 'ana@127.0.0.1'],
    ['a space inside', 'ana silva@example.com'],
    ['a leading dot', '.ana@example.com'],
    ['more than 254 characters', `a${longEmail}`],
  ])('refuses %s', (_case, email) => {
    expect(parseEmail(email)).toMatchObject({ ok: false, errors: [{ field: 'email' }] });
  });

  it('names the field it was given', () => {
    expect(parseEmail('x', 'owner.email')).toMatchObject({ ok: false, errors: [{ field: 'owner.email' }] });
  });
});

describe('person name', () => {
  it('is trimmed and NFC-normalised', () => {
    expect(parsePersonName(`  Ren${decomposedE} `, 'firstName')).toEqual({
      ok: true,
      value: `Ren${composedE}`,
    });
  });

  it('accepts 100 characters, counted as code points', () => {
    expect(parsePersonName('😀'.repeat(100), 'firstName').ok).toBe(true);
  });

  it('keeps an invisible joiner inside a name that shows something', () => {
    expect(parsePersonName('Ana\u200dMaria', 'firstName')).toEqual({ ok: true, value: 'Ana\u200dMaria' });
  });

  it.each([
    ['blank', '  '],
    ['nothing visible (zero-width spaces and joiners)', '\u200b\u200d\ufeff'],
    ['101 characters', 'a'.repeat(101)],
    ['a control character', 'Ana\u0000'],
  ])('refuses %s', (_case, name) => {
    expect(parsePersonName(name, 'lastName')).toMatchObject({ ok: false, errors: [{ field: 'lastName' }] });
  });
});

describe('tags', () => {
  it('are trimmed and de-duplicated ignoring case, keeping the first spelling', () => {
    expect(parseTags([' VIP ', 'vip', 'Kitchen', 'KITCHEN'])).toEqual({
      ok: true,
      value: ['VIP', 'Kitchen'],
    });
  });

  it('accept 20 distinct tags of 40 characters', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(40, 'x'));
    expect(parseTags(tags).ok).toBe(true);
  });

  it('count after de-duplication', () => {
    const tags = [...Array.from({ length: 20 }, (_, i) => `tag ${i}`), 'TAG 0'];
    expect(parseTags(tags).ok).toBe(true);
  });

  it.each([
    ['21 tags', Array.from({ length: 21 }, (_, i) => `tag ${i}`)],
    ['a 41-character tag', ['x'.repeat(41)]],
    ['a blank tag', ['VIP', ' ']],
  ])('refuse %s', (_case, tags) => {
    expect(parseTags(tags)).toMatchObject({ ok: false, errors: [{ field: 'tags' }] });
  });
});

describe('phone', () => {
  it.each([null, undefined, '   '])('is optional: %p is null', (raw) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: null });
  });

  it('keeps digits, spaces and + ( ) - . /', () => {
    expect(parsePhone(' +1 (555) 010-20.30/4 ')).toEqual({ ok: true, value: '+1 (555) 010-20.30/4' });
  });

  it.each([
    ['letters', '555-CALL-NOW'],
    ['fewer than 5 characters', '1234'],
    ['more than 30 characters', '1'.repeat(31)],
    ['no digit', '(((-)))'],
  ])('refuses %s', (_case, phone) => {
    expect(parsePhone(phone)).toMatchObject({ ok: false, errors: [{ field: 'phone' }] });
  });
});

describe('client type and source', () => {
  it('are free labels of up to 50 characters, blank meaning none', () => {
    expect(parseLabel(' Residential ', 'type')).toEqual({ ok: true, value: 'Residential' });
    expect(parseLabel('', 'source')).toEqual({ ok: true, value: null });
    expect(parseLabel('x'.repeat(51), 'source')).toMatchObject({ ok: false, errors: [{ field: 'source' }] });
  });
});

describe('invitation message', () => {
  it('is null when blank, meaning the generic message', () => {
    expect(parseInvitationMessage('  ')).toEqual({ ok: true, value: null });
  });

  it('accepts 2000 characters and refuses 2001', () => {
    expect(parseInvitationMessage('x'.repeat(2000)).ok).toBe(true);
    expect(parseInvitationMessage('x'.repeat(2001))).toMatchObject({
      ok: false,
      errors: [{ field: 'message' }],
    });
  });
});
