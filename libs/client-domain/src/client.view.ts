import type { ClientRecord } from '@studio/contracts';
import type { ExistingClientState } from './client.state';

/** The API.md `Client` without `delivery`, which the notification service knows, not the stream. */
export type ClientView = Omit<ClientRecord, 'invitation'> & {
  readonly invitation: null | Omit<NonNullable<ClientRecord['invitation']>, 'delivery'>;
};

/** `expired` shows once the sweep recorded it (SPEC: within a minute), as in the client index. */
export function toClientView(state: ExistingClientState): ClientView {
  const { clientId, profile, access, invitation, createdAt, activatedAt, version } = state;
  return {
    id: clientId,
    // Field by field, in API.md's order: a profile read back from JSONB comes with its keys reordered.
    firstName: profile.firstName,
    lastName: profile.lastName,
    email: profile.email,
    phone: profile.phone,
    type: profile.type,
    source: profile.source,
    tags: profile.tags,
    access,
    invitation: invitation && {
      status: invitation.expired ? 'expired' : 'pending',
      sentAt: invitation.sentAt,
      expiresAt: invitation.expiresAt,
    },
    createdAt,
    activatedAt,
    version,
  };
}
