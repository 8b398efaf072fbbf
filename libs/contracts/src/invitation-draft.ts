import { type InvitationDraft } from './api/client.schema';

/** The generic invitation text the designer starts from (API.md: pre-filled, then customisable). */
export function invitationDraft(studioName: string, firstName: string): InvitationDraft {
  return {
    subject: `${studioName} invites you to your client portal`,
    message:
      `Hi ${firstName},\n\n` +
      `${studioName} would like to invite you to our client portal, where you can follow your projects with us ` +
      `and find everything in one place.\n\n` +
      `Create your password with the button below to get started.\n\n` +
      `We look forward to working with you.`,
  };
}
