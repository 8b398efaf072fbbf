import {
  collect,
  type CreateStudioBody,
  fail,
  ok,
  parseEmail,
  parsePersonName,
  type Result,
} from '@studio/contracts';
import { text } from '../shared/body-text';

const NAME_MAX = 100;
/** 3–50 characters: lowercase letters, digits and inner hyphens. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,48}[a-z0-9])$/;
const CONTROL = /\p{Cc}/u;

export interface StudioInput {
  readonly name: string;
  readonly slug: string;
  readonly owner: { readonly firstName: string; readonly lastName: string; readonly email: string };
}

/** Every field's problems at once, with paths such as `owner.email`; the password is checked on its own. */
export function parseStudioInput(body: CreateStudioBody): Result<StudioInput> {
  const owner: Partial<CreateStudioBody['owner']> =
    typeof body.owner === 'object' && body.owner !== null ? body.owner : {};
  const parsed = collect({
    name: parseStudioName(text(body.name)),
    slug: parseSlug(text(body.slug)),
    firstName: parsePersonName(text(owner.firstName), 'owner.firstName'),
    lastName: parsePersonName(text(owner.lastName), 'owner.lastName'),
    email: parseEmail(text(owner.email), 'owner.email'),
  });
  if (!parsed.ok) return parsed;
  const { name, slug, firstName, lastName, email } = parsed.value;
  return ok({ name, slug, owner: { firstName, lastName, email } });
}

export function parseStudioName(raw: string): Result<string> {
  const name = raw.trim().normalize('NFC');
  const length = [...name].length;
  if (length === 0) return fail('name', 'is required');
  if (length > NAME_MAX) return fail('name', `must be at most ${NAME_MAX} characters`);
  if (CONTROL.test(name)) return fail('name', 'must not contain control characters');
  return ok(name);
}

export function parseSlug(raw: string): Result<string> {
  return SLUG.test(raw)
    ? ok(raw)
    : fail(
        'slug',
        'must be 3 to 50 lowercase letters, digits or hyphens, starting and ending with a letter or digit',
      );
}
