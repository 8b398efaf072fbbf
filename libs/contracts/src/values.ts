/**
 * Value objects of a client's profile: normalise, then validate, and return a Result (never throw) so a
 * caller can report every bad field at once. Lengths count Unicode code points, as users (and SQL) do.
 */
import { fail, ok, type Result } from './result';

const EMAIL_MAX = 254;
const EMAIL_LOCAL_MAX = 64;
const NAME_MAX = 100;
const TAGS_MAX = 20;
const TAG_MAX = 40;
const LABEL_MAX = 50;
const PHONE_MIN = 5;
const PHONE_MAX = 30;
const MESSAGE_MAX = 2000;
const PROJECT_NAME_MAX = 200;

// RFC 5322 dot-atom, widened to Unicode letters (RFC 6531); quoted local parts are refused on purpose.
const EMAIL_LOCAL = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{M}\p{N}-]{1,63}(?<!-)$/u;
const PHONE = /^[0-9 +()\-./]+$/;
const CONTROL = /\p{Cc}/u;

/** The form every email is stored, compared and looked up in (uniqueness, sign-in, resets). */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

export function parseEmail(raw: string, field = 'email'): Result<string> {
  const email = normalizeEmail(raw);
  const problem = emailProblem(email);
  return problem === null ? ok(email) : fail(field, problem);
}

/** First or last name: required, 1–100 characters after trimming. */
export function parsePersonName(raw: string, field: string): Result<string> {
  const name = text(raw);
  if (!visible(name)) return fail(field, 'is required');
  if (length(name) > NAME_MAX) return fail(field, `must be at most ${NAME_MAX} characters`);
  if (CONTROL.test(name)) return fail(field, 'must not contain control characters');
  return ok(name);
}

/** Up to 20 tags of 1–40 characters; duplicates (ignoring case) collapse onto their first spelling. */
export function parseTags(raw: readonly string[], field = 'tags'): Result<string[]> {
  const tags = new Map<string, string>();
  for (const [index, rawTag] of raw.entries()) {
    const tag = text(rawTag);
    if (tag === '' || length(tag) > TAG_MAX || CONTROL.test(tag)) {
      return fail(field, `tag ${index + 1} must be 1 to ${TAG_MAX} characters of text`);
    }
    const key = tag.toLowerCase();
    if (!tags.has(key)) tags.set(key, tag);
  }
  if (tags.size > TAGS_MAX) return fail(field, `must have at most ${TAGS_MAX} tags`);
  return ok([...tags.values()]);
}

/** Optional: absent or blank is null; otherwise 5–30 of digits, spaces and + ( ) - . / */
export function parsePhone(raw: string | null | undefined, field = 'phone'): Result<string | null> {
  const phone = optionalText(raw);
  if (phone === null) return ok(null);
  if (!PHONE.test(phone) || !/\d/.test(phone)) {
    return fail(field, 'may contain only digits, spaces and + ( ) - . /');
  }
  if (phone.length < PHONE_MIN || phone.length > PHONE_MAX) {
    return fail(field, `must be ${PHONE_MIN} to ${PHONE_MAX} characters`);
  }
  return ok(phone);
}

/** A free label such as the client type or source: absent or blank is null, otherwise 1–50 characters. */
export function parseLabel(raw: string | null | undefined, field: string): Result<string | null> {
  const label = optionalText(raw);
  if (label === null) return ok(null);
  if (length(label) > LABEL_MAX) return fail(field, `must be at most ${LABEL_MAX} characters`);
  if (CONTROL.test(label)) return fail(field, 'must not contain control characters');
  return ok(label);
}

/** The designer's invitation message: absent or blank means the generic text (null); at most 2000 characters. */
export function parseInvitationMessage(
  raw: string | null | undefined,
  field = 'message',
): Result<string | null> {
  const message = optionalText(raw);
  if (message === null) return ok(null);
  if (length(message) > MESSAGE_MAX) return fail(field, `must be at most ${MESSAGE_MAX} characters`);
  return ok(message);
}

/** A project's name: required, 1–200 characters after trimming, no control characters. */
export function parseProjectName(raw: string, field = 'name'): Result<string> {
  const name = text(raw);
  if (!visible(name)) return fail(field, 'is required');
  if (length(name) > PROJECT_NAME_MAX) return fail(field, `must be at most ${PROJECT_NAME_MAX} characters`);
  if (CONTROL.test(name)) return fail(field, 'must not contain control characters');
  return ok(name);
}

function emailProblem(email: string): string | null {
  if (email === '') return 'is required';
  if (length(email) > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  const parts = email.split('@');
  if (parts.length !== 2) return 'must contain exactly one @';
  const [local = '', domain = ''] = parts;
  if (local === '') return 'must have a name before the @';
  if (length(local) > EMAIL_LOCAL_MAX) return `must have at most ${EMAIL_LOCAL_MAX} characters before the @`;
  if (!EMAIL_LOCAL.test(local)) return 'has characters before the @ that are not allowed';
  const labels = domain.split('.');
  const topLevel = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || /^\d+$/.test(topLevel)) {
    return 'must end in a valid domain, such as example.com';
  }
  return null;
}

/** Shows something: not only spaces and invisible format characters (a zero-width space is not a name). */
const visible = (value: string): boolean => !/^[\p{Z}\p{Cf}\s]*$/u.test(value);

function text(raw: string): string {
  return raw.trim().normalize('NFC');
}

function optionalText(raw: string | null | undefined): string | null {
  const value = raw == null ? '' : text(raw);
  return value === '' ? null : value;
}

function length(value: string): number {
  return [...value].length;
}
