import { type ClientProfile, type ClientProfileInput, type ClientProfilePatch } from './api/client.schema';
import { collect, type Result } from './result';
import { parseEmail, parseLabel, parsePersonName, parsePhone, parseTags } from './values';

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
