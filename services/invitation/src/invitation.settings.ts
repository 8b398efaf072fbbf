import type { SettingsReader } from '@studio/service-kit';

export interface InvitationSettings {
  /** PUBLIC_URL: links are `<publicUrl>/invitations/<token>`. */
  readonly publicUrl: string;
  /** INVITATION_SWEEP_INTERVAL: how often overdue invitations are recorded as expired. */
  readonly invitationSweepIntervalMs: number;
}

export const readInvitationSettings = (read: SettingsReader): InvitationSettings => ({
  publicUrl: read.publicUrl(),
  invitationSweepIntervalMs: read.duration('INVITATION_SWEEP_INTERVAL', '30s'),
});
