import Handlebars from 'handlebars';
import type { MailRequest, StudioDto } from '@studio/contracts';
import { formatUtc, linkLifetime } from './lifetime';
import {
  EMAIL_VERIFICATION,
  HTML_LAYOUT,
  INVITATION,
  INVITATION_ACCEPTED,
  PASSWORD_CHANGED,
  PASSWORD_RESET,
  PURCHASE_WELCOME,
  type TemplateSource,
  TEXT_LAYOUT,
} from './mail.templates';

export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

type Render = (context: Record<string, unknown>) => string;
interface Compiled {
  readonly html: Render;
  readonly text: Render;
}

/** Renders a mail request into its subject, HTML and plain text, in the studio's name. Compiled once. */
export class MailRenderer {
  // An isolated instance: no helper or partial registered elsewhere can change what these emails say.
  private readonly hbs = Handlebars.create();
  private readonly layout = this.compile({ html: HTML_LAYOUT, text: TEXT_LAYOUT });
  private readonly templates = {
    invitation: this.compile(INVITATION),
    'purchase-welcome': this.compile(PURCHASE_WELCOME),
    'password-reset': this.compile(PASSWORD_RESET),
    'password-changed': this.compile(PASSWORD_CHANGED),
    'invitation-accepted': this.compile(INVITATION_ACCEPTED),
    'email-verification': this.compile(EMAIL_VERIFICATION),
  } as const satisfies Record<MailRequest['template'], Compiled>;

  render(request: MailRequest, now: Date): RenderedMail {
    const { subject, context } = this.describe(request, now);
    const template = this.templates[request.template];
    const studio: StudioDto = request.studio;
    return {
      subject,
      html: this.layout.html({ subject, studio, body: template.html(context) }),
      text: this.layout.text({ studio, body: template.text(context) }),
    };
  }

  private describe(request: MailRequest, now: Date): { subject: string; context: Record<string, unknown> } {
    const studio = request.studio.name;
    switch (request.template) {
      case 'invitation':
        return {
          subject: `You're invited to ${studio}'s client portal`,
          context: { ...request, lifetime: linkLifetime(new Date(request.expiresAt), now) },
        };
      case 'purchase-welcome':
        return {
          subject: request.packageName
            ? `Your ${request.packageName} from ${studio}: create your password`
            : `Welcome to ${studio}: create your password`,
          context: { ...request, lifetime: linkLifetime(new Date(request.expiresAt), now) },
        };
      case 'password-reset':
        return {
          subject: `Reset your ${studio} password`,
          context: { ...request, lifetime: linkLifetime(new Date(request.expiresAt), now) },
        };
      case 'password-changed':
        return {
          subject: `Your ${studio} password was changed`,
          context: { ...request, when: formatUtc(new Date(request.at)) },
        };
      case 'invitation-accepted':
        return {
          subject: `${request.clientName} accepted your invitation to ${studio}'s client portal`,
          context: { ...request, when: formatUtc(new Date(request.at)) },
        };
      case 'email-verification':
        return { subject: `Verify your email for ${studio}'s client portal`, context: request };
    }
  }

  private compile(source: TemplateSource): Compiled {
    return {
      html: this.hbs.compile(source.html, { strict: true }),
      // Plain text is not HTML: nothing to escape, and "&amp;" would be wrong there.
      text: this.hbs.compile(source.text, { strict: true, noEscape: true }),
    };
  }
}
