/** Small builders for registry requests: one meaningful default each, overridden where a test cares. */
import { randomUUID } from 'node:crypto';
import type { AddClientBody, Actor, ClientProfileInput } from '@studio/contracts';

export const STUDIO_A = 'studio-a';
export const STUDIO_B = 'studio-b';
export const STAFF_A: Actor = { kind: 'staff', id: 'staff-a', studioId: STUDIO_A };

export const uniqueEmail = (label = 'client'): string => `${label}-${randomUUID().slice(0, 8)}@example.com`;

export function aProfile(overrides: Partial<ClientProfileInput> = {}): ClientProfileInput {
  return { firstName: 'Ana', lastName: 'Silva', email: uniqueEmail(), ...overrides };
}

export function anAddClientBody(overrides: Partial<AddClientBody> = {}): AddClientBody {
  return { studioId: STUDIO_A, profile: aProfile(), invite: null, ...overrides };
}
