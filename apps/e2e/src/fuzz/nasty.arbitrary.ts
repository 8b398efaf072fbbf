import fc from 'fast-check';
import { RawJson } from './raw-json';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** Strings that have broken systems: NUL, lone surrogates, control and bidi characters, injections, huge. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\ud83d',
    '\ufeff',
    '\u202e',
    'e\u0301',
    '%00',
    '%',
    '../../etc/passwd',
    "' OR 1=1 --",
    '"; DROP TABLE clients; --',
    '<script>alert(1)</script>',
    '{{7*7}}',
    '${7*7}',
    'a@b',
    '@',
    'x'.repeat(5_000),
    '\u00e9'.repeat(300),
    '1970-01-01T00:00:00.000Z',
    'March 7',
    'NaN',
    '-1',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(loneSurrogate, fc.constantFrom('a', '\u0000', '\u00ff', '\ud83d\ude00')),
    maxLength: 12,
  }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const deep = (depth: number, open: string, close: string) =>
  new RawJson(open.repeat(depth) + close.repeat(depth));

/** JSON values of every wrong kind: huge and odd numbers, deep nesting, prototype keys, nasty strings. */
export const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    5e-324,
    new RawJson('1e400'),
    new RawJson('-0'),
    new RawJson('123456789012345678901234567890'),
    [],
    {},
    { __proto__: null, admin: true },
    new RawJson('{"__proto__":{"admin":true}}'),
    new RawJson('{"constructor":{"prototype":{"admin":true}}}'),
    deep(40, '[', ']'),
    deep(10_000, '[', ']'),
    new RawJson('{"a":'.repeat(5_000) + 'null' + '}'.repeat(5_000)),
  ),
  fc.integer({ min: 1, max: 64 }).map((depth) => deep(depth, '[', ']')),
  fc.array(nastyString, { maxLength: 5 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** Whole bodies that are not what any operation takes. */
export const nastyBodyText: fc.Arbitrary<string> = fc.constantFrom(
  '',
  '{',
  '}',
  'null',
  '[]',
  '"x"',
  '1e400',
  'true',
  '\ufeff{}',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  '['.repeat(100_000),
  '['.repeat(20_000) + ']'.repeat(20_000),
  '{"x":"\\ud800"}',
  '{"x":"\\u0000"}',
  '{"x":"\\uZZZZ"}',
  'a=1&b=2',
);

/** Header values a client can send (visible Latin-1; fetch refuses NUL, CR and LF). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength: 40,
  }),
  fc.constantFrom(
    '',
    '*',
    '"1"',
    'W/"1"',
    '"99999999999999999999"',
    '1e3',
    'Bearer',
    'Bearer ',
    '\u00ff'.repeat(300),
  ),
);
