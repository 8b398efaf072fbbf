import { collect, type Result } from './result';
import { parseEmail, parseLabel, parsePersonName, parsePhone, parseTags } from './values';

/** A client's profile as stored and carried by events: already normalised and valid. */
export interface ClientProfile {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly type: string | null;
  readonly source: string | null;
  readonly tags: readonly string[];
}

/** A new profile as typed by a person (or a checkout): raw, to be parsed. */
export interface ClientProfileInput {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly type?: string | null;
  readonly source?: string | null;
  readonly tags?: readonly string[];
}

/** An edit: an absent (undefined) field stays as it is; null clears an optional one. */
export type ClientProfilePatch = Partial<ClientProfileInput>;

export function parseClientProfile(input: ClientProfileInput): Result<ClientProfile> {
  return collect({
    firstName: parsePersonName(input.firstName, 'firstName'),
    lastName: parsePersonName(input.lastName, 'lastName'),
    email: parseEmail(input.email),
    phone: parsePhone(input.phone),
    type: parseLabel(input.type, 'type'),
    source: parseLabel(input.source, 'source'),
    tags: parseTags(input.tags ?? []),
  });
}

/** Parses only the fields present in the patch. */
export function parseProfilePatch(patch: ClientProfilePatch): Result<Partial<ClientProfile>> {
  const { firstName, lastName, email, phone, type, source, tags } = patch;
  return collect({
    firstName: firstName === undefined ? undefined : parsePersonName(firstName, 'firstName'),
    lastName: lastName === undefined ? undefined : parsePersonName(lastName, 'lastName'),
    email: email === undefined ? undefined : parseEmail(email),
    phone: phone === undefined ? undefined : parsePhone(phone),
    type: type === undefined ? undefined : parseLabel(type, 'type'),
    source: source === undefined ? undefined : parseLabel(source, 'source'),
    tags: tags === undefined ? undefined : parseTags(tags),
  });
}
