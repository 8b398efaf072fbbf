/** Test builders: one meaningful default per event, overridden only where a test cares. */
import type { ActorRef, ClientEvent, ClientEventOf, ClientEventType, ClientProfile } from '@studio/contracts';

export const STUDIO_ID = 'studio-1';
export const CLIENT_ID = 'client-1';
export const STAFF: ActorRef = { kind: 'staff', id: 'staff-1' };
export const HOUR_MS = 3_600_000;
export const TTL_MS = 72 * HOUR_MS;
export const T0 = new Date('2025-03-01T09:00:00.000Z');
/** The default INVITATION_RESEND_INTERVAL. */
export const RESEND_INTERVAL_MS = 60_000;

export const PROFILE: ClientProfile = {
  firstName: 'Ana',
  lastName: 'Silva',
  email: 'ana@example.com',
  phone: null,
  type: null,
  source: null,
  tags: [],
};

export function hoursAfterT0(hours: number): Date {
  return new Date(T0.getTime() + hours * HOUR_MS);
}

export function iso(date: Date): string {
  return date.toISOString();
}

type Overrides<T extends ClientEventType> = Partial<ClientEventOf<T>['data']>;

const base = { studioId: STUDIO_ID, clientId: CLIENT_ID, at: iso(T0), by: STAFF };

// TypeScript cannot tie `type` to its `data` through a generic; the signature above does it for callers.
function event<T extends ClientEventType>(type: T, data: ClientEventOf<T>['data']): ClientEvent {
  return { type, data } as ClientEvent;
}

export const aClientAdded = (o: Overrides<'ClientAdded'> = {}) =>
  event('ClientAdded', { ...base, ...PROFILE, ...o });

export const aClientProfileUpdated = (o: Overrides<'ClientProfileUpdated'> = {}) =>
  event('ClientProfileUpdated', { ...base, changes: {}, ...o });

/** `expiresAt` defaults to `at` + TTL. */
export const aClientInvited = (o: Overrides<'ClientInvited'> = {}) =>
  event('ClientInvited', {
    ...base,
    invitationId: 'inv-1',
    message: null,
    reason: 'invite',
    ...o,
    expiresAt: o.expiresAt ?? plusTtl(o.at ?? base.at),
  });

export const aClientInvitationResent = (o: Overrides<'ClientInvitationResent'> = {}) =>
  event('ClientInvitationResent', {
    ...base,
    invitationId: 'inv-2',
    replacedInvitationId: 'inv-1',
    message: null,
    reason: 'invite',
    ...o,
    expiresAt: o.expiresAt ?? plusTtl(o.at ?? base.at),
  });

export const aClientInvitationRevoked = (o: Overrides<'ClientInvitationRevoked'> = {}) =>
  event('ClientInvitationRevoked', { ...base, invitationId: 'inv-1', expiresAt: plusTtl(base.at), ...o });

export const aClientInvitationExpired = (o: Overrides<'ClientInvitationExpired'> = {}) =>
  event('ClientInvitationExpired', { ...base, invitationId: 'inv-1', expiresAt: plusTtl(base.at), ...o });

export const aClientActivated = (o: Overrides<'ClientActivated'> = {}) =>
  event('ClientActivated', { ...base, invitationId: 'inv-1', ...o });

export const aClientDeactivated = (o: Overrides<'ClientDeactivated'> = {}) =>
  event('ClientDeactivated', { ...base, cancelledInvitationId: null, ...o });

export const aClientPurchaseRecorded = (o: Overrides<'ClientPurchaseRecorded'> = {}) =>
  event('ClientPurchaseRecorded', {
    ...base,
    orderId: 'order-1',
    package: { id: 'pkg-1', name: 'Room refresh' },
    purchasedAt: iso(T0),
    ...o,
  });

function plusTtl(at: string): string {
  return iso(new Date(Date.parse(at) + TTL_MS));
}
