import type { ClientCommand } from '../client.commands';
import { CLIENT_ID, PROFILE, STAFF, STUDIO_ID, T0 } from './client-events.builders';

type Data<T extends ClientCommand['type']> = Extract<ClientCommand, { type: T }>['data'];
type Overrides<T extends ClientCommand['type']> = Partial<Data<T>>;

const base = { studioId: STUDIO_ID, clientId: CLIENT_ID, now: T0, by: STAFF };

// TypeScript cannot tie `type` to its `data` through a generic; the signature above does it for callers.
function command<T extends ClientCommand['type']>(type: T, data: Data<T>): ClientCommand {
  return { type, data } as ClientCommand;
}

export const anAddClient = (o: Overrides<'AddClient'> = {}) =>
  command('AddClient', { ...base, profile: { ...PROFILE, tags: [...PROFILE.tags] }, ...o });

export const anUpdateProfile = (o: Overrides<'UpdateProfile'> = {}) =>
  command('UpdateProfile', { ...base, changes: {}, ...o });

export const aSendInvitation = (o: Overrides<'SendInvitation'> = {}) =>
  command('SendInvitation', { ...base, invitationId: 'inv-1', message: null, ...o });

export const aResendInvitation = (o: Overrides<'ResendInvitation'> = {}) =>
  command('ResendInvitation', { ...base, invitationId: 'inv-2', ...o });

export const aRevokeInvitation = (o: Overrides<'RevokeInvitation'> = {}) =>
  command('RevokeInvitation', { ...base, ...o });

export const anExpireInvitation = (o: Overrides<'ExpireInvitation'> = {}) =>
  command('ExpireInvitation', { ...base, invitationId: 'inv-1', ...o });

export const anAcceptInvitation = (o: Overrides<'AcceptInvitation'> = {}) =>
  command('AcceptInvitation', { ...base, invitationId: 'inv-1', ...o });

export const aDeactivateClient = (o: Overrides<'DeactivateClient'> = {}) =>
  command('DeactivateClient', { ...base, ...o });

export const aRecordPurchase = (o: Overrides<'RecordPurchase'> = {}) =>
  command('RecordPurchase', {
    ...base,
    orderId: 'order-1',
    package: { id: 'pkg-1', name: 'Room refresh' },
    purchasedAt: T0.toISOString(),
    ...o,
  });
