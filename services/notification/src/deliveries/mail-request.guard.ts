import { isRecord, type MailRequest, type MailTemplate } from '@studio/contracts';

const TEMPLATES: Record<MailTemplate, true> = {
  invitation: true,
  'purchase-welcome': true,
  'password-reset': true,
  'password-changed': true,
  'invitation-accepted': true,
  'email-verification': true,
};

/** Checks what every mail request has (key, template, recipient, studio); the publishers are our services. */
export function isMailRequest(value: unknown): value is MailRequest {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.template === 'string' &&
    Object.hasOwn(TEMPLATES, value.template) &&
    typeof value.to === 'string' &&
    isRecord(value.studio) &&
    typeof value.studio.id === 'string' &&
    typeof value.studio.name === 'string'
  );
}
