/** Decisions about a client's existence and profile. */
import {
  collect,
  parseClientProfile,
  parseInvitationMessage,
  parseProfilePatch,
  type ClientEvent,
  type ClientProfile,
} from '@studio/contracts';
import type { AddClient, DeciderContext, UpdateProfile } from './client.commands';
import type { ClientState, ExistingClientState } from './client.state';
import { refuse, stamp, valid } from './decision.helpers';
import { invited } from './invitation.decisions';

/** Add, or add & invite: Inactive, or Invited with both events in one decision. */
export function addClient({ data }: AddClient, state: ClientState, context: DeciderContext): ClientEvent[] {
  if (state.kind === 'existing') return refuse('conflict', 'the client already exists');
  const { invite } = data;
  const input = valid(
    collect({
      profile: parseClientProfile(data.profile),
      message: invite === undefined ? undefined : parseInvitationMessage(invite.message, 'invite.message'),
    }),
  );
  const added: ClientEvent = { type: 'ClientAdded', data: { ...stamp(data), ...input.profile } };
  if (invite === undefined) return [added];
  return [added, invited(data, invite.invitationId, input.message ?? null, invite.reason, context)];
}

/** Only the fields that change are recorded; an edit that changes nothing records nothing. */
export function updateProfile({ data }: UpdateProfile, state: ExistingClientState): ClientEvent[] {
  const { expectedVersion } = data;
  if (expectedVersion != null && expectedVersion !== state.version) {
    return refuse('version-mismatch', `the client is at version ${state.version}, not ${expectedVersion}`);
  }
  const changes = changedFields(state.profile, valid(parseProfilePatch(data.changes)));
  if (Object.keys(changes).length === 0) return [];
  const previousEmail = changes.email === undefined ? {} : { previousEmail: state.profile.email };
  return [{ type: 'ClientProfileUpdated', data: { ...stamp(data), changes, ...previousEmail } }];
}

function changedFields(profile: ClientProfile, patch: Partial<ClientProfile>): Partial<ClientProfile> {
  // Object.keys loses the key type; the patch's keys are profile fields.
  const keys = Object.keys(patch) as (keyof ClientProfile)[];
  const changed = keys.filter((key) => patch[key] !== undefined && !sameValue(patch[key], profile[key]));
  return Object.fromEntries(changed.map((key) => [key, patch[key]]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}
