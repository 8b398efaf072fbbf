/** Builds a client's stream as the registry would publish it: versions count up, positions grow globally. */
import { randomUUID } from 'node:crypto';
import type { ActorRef, ClientProfile, MailDelivery, PublishedEvent } from '@studio/contracts';

const STAFF: ActorRef = { kind: 'staff', id: 'staff-1' };
let position = 0;

export interface ClientStreamBuilder {
  readonly clientId: string;
  readonly studioId: string;
  added(at?: string): PublishedEvent;
  invited(invitationId: string, at?: string): PublishedEvent;
  resent(invitationId: string, replacedInvitationId: string): PublishedEvent;
  activated(invitationId: string): PublishedEvent;
  updated(changes: Partial<ClientProfile>): PublishedEvent;
}

export function aClientStream(studioId: string, profile: Partial<ClientProfile> = {}): ClientStreamBuilder {
  const clientId = randomUUID();
  const full: ClientProfile = {
    firstName: 'Ana',
    lastName: 'Silva',
    email: `${clientId.slice(0, 8)}@example.com`,
    phone: null,
    type: null,
    source: null,
    tags: [],
    ...profile,
  };
  let version = -1;
  let lastAt = '2025-03-01T09:00:00.000Z';
  const next = (type: string, data: Record<string, unknown>, at = lastAt): PublishedEvent => {
    lastAt = at;
    version += 1;
    position += 1;
    return {
      id: randomUUID(),
      type,
      data: { studioId, clientId, at, by: STAFF, ...data },
      streamId: `client-${clientId}`,
      streamVersion: version,
      position: `0:${String(position).padStart(10, '0')}`,
      recordedAt: at,
      metadata: { correlationId: 'corr-test' },
    };
  };
  const expiresAt = () => new Date(Date.parse(lastAt) + 72 * 3_600_000).toISOString();
  return {
    clientId,
    studioId,
    added: (at) => next('ClientAdded', { ...full }, at),
    invited: (invitationId, at) =>
      next('ClientInvited', { invitationId, expiresAt: expiresAt(), message: null, reason: 'invite' }, at),
    resent: (invitationId, replacedInvitationId) =>
      next('ClientInvitationResent', {
        invitationId,
        replacedInvitationId,
        expiresAt: expiresAt(),
        message: null,
        reason: 'invite',
      }),
    activated: (invitationId) => next('ClientActivated', { invitationId }),
    updated: (changes) => next('ClientProfileUpdated', { changes }),
  };
}

export function aMailDelivery(
  overrides: Partial<MailDelivery> & Pick<MailDelivery, 'studioId'>,
): MailDelivery {
  return {
    key: randomUUID(),
    template: 'invitation',
    clientId: null,
    invitationId: null,
    status: 'sent',
    attempts: 1,
    at: new Date().toISOString(),
    ...overrides,
  };
}
