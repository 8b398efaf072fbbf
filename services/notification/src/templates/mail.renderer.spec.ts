import type { MailRequest } from '@studio/contracts';
import { formatUtc, linkLifetime } from './lifetime';
import { MailRenderer } from './mail.renderer';

const NOW = new Date('2026-11-26T14:00:00.000Z');
const STUDIO = { id: 'studio-1', name: 'Atelier & Nord', slug: 'atelier-nord' };
const LINK = 'https://portal.example/invitations/abc_DEF-123';

const invitation = (
  message: string | null,
  template: 'invitation' | 'purchase-welcome' = 'invitation',
  packageName: string | null = null,
): MailRequest => ({
  packageName,
  template,
  key: 'invitation:inv-1',
  to: 'ana@example.com',
  studio: STUDIO,
  clientId: 'c-1',
  invitationId: 'inv-1',
  firstName: 'Ana',
  message,
  link: LINK,
  expiresAt: '2026-11-29T14:00:00.000Z',
});

describe('MailRenderer', () => {
  const renderer = new MailRenderer();

  it('renders the invitation in HTML and text with the studio, the button and the link lifetime', () => {
    const mail = renderer.render(invitation('Looking forward to working with you.'), NOW);
    expect(mail.subject).toBe("You're invited to Atelier & Nord's client portal");
    expect(mail.html).toContain('Atelier &amp; Nord');
    expect(mail.html).toContain(`<a href="${LINK}"`);
    expect(mail.html).toMatch(/<a href="[^"]+"[^>]*>Create Your Password<\/a>/);
    expect(mail.html).toContain('This link is active for 72 hours, until 29 Nov 2026, 14:00 UTC.');
    expect(mail.html).toContain('Looking forward to working with you.');
    expect(mail.text).toContain('Atelier & Nord');
    expect(mail.text).toContain(LINK);
    expect(mail.text).toContain('This link is active for 72 hours, until 29 Nov 2026, 14:00 UTC.');
    expect(mail.text).not.toMatch(/<[a-z]/i);
  });

  it('escapes the designer message: it can never inject markup', () => {
    const mail = renderer.render(
      invitation('<script>alert("x")</script><a href="https://evil.example">click</a>'),
      NOW,
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('href="https://evil.example"');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Plain text is not HTML: the message is shown as typed.
    expect(mail.text).toContain('<script>alert("x")</script>');
  });

  it('uses the generic message when the designer wrote none', () => {
    const mail = renderer.render(invitation(null), NOW);
    expect(mail.html).toContain('Atelier &amp; Nord has invited you to its client portal');
    expect(mail.text).toContain('Atelier & Nord has invited you to its client portal');
  });

  it('names the package and the studio in the purchase welcome, escaped, with the create-password link', () => {
    const mail = renderer.render(invitation(null, 'purchase-welcome', 'Room <Refresh> & Style'), NOW);
    expect(mail.subject).toBe('Your Room <Refresh> & Style from Atelier & Nord: create your password');
    expect(mail.html).toContain(
      'Thank you for buying <strong>Room &lt;Refresh&gt; &amp; Style</strong> from Atelier &amp; Nord.',
    );
    expect(mail.html).toMatch(/<a href="[^"]+"[^>]*>Create Your Password<\/a>/);
    expect(mail.text).toContain('Thank you for buying Room <Refresh> & Style from Atelier & Nord.');
    expect(mail.text).toContain(LINK);
  });

  it('renders every template with a subject, both formats and the studio name', () => {
    const requests: MailRequest[] = [
      invitation(null, 'purchase-welcome'),
      {
        template: 'password-reset',
        key: 'reset:r-1',
        to: 'ana@example.com',
        studio: STUDIO,
        firstName: 'Ana',
        link: 'https://portal.example/password-resets/tok',
        expiresAt: '2026-11-26T15:00:00.000Z',
      },
      {
        template: 'password-changed',
        key: 'changed:1',
        to: 'ana@example.com',
        studio: STUDIO,
        firstName: 'Ana',
        at: NOW.toISOString(),
      },
      {
        template: 'invitation-accepted',
        key: 'accepted:inv-1',
        to: 'dana@studio.example',
        studio: STUDIO,
        clientId: 'c-1',
        clientName: 'Ana <b>Silva</b>',
        clientEmail: 'ana@example.com',
        at: NOW.toISOString(),
      },
      {
        template: 'email-verification',
        key: 'email-verification:v-1',
        to: 'dana@studio.example',
        studio: STUDIO,
        firstName: 'Dana',
        link: 'https://portal.example/email-verifications/tok',
      },
    ];
    const [welcome, reset, changed, accepted, verification] = requests.map((request) =>
      renderer.render(request, NOW),
    );
    expect(welcome!.subject).toBe('Welcome to Atelier & Nord: create your password');
    expect(welcome!.html).toContain('Create Your Password');
    expect(welcome!.text).toContain('This link is active for 72 hours');
    expect(reset!.html).toContain('This link is active for 1 hour, until 26 Nov 2026, 15:00 UTC.');
    expect(reset!.text).toContain('https://portal.example/password-resets/tok');
    expect(changed!.subject).toBe('Your Atelier & Nord password was changed');
    expect(changed!.text).toContain('26 Nov 2026, 14:00 UTC');
    expect(accepted!.html).toContain('Ana &lt;b&gt;Silva&lt;/b&gt;');
    expect(accepted!.text).toContain('Ana <b>Silva</b> (ana@example.com) accepted your invitation');
    expect(verification!.subject).toBe("Verify your email for Atelier & Nord's client portal");
    expect(verification!.html).toContain('href="https://portal.example/email-verifications/tok"');
    expect(verification!.text).toContain('https://portal.example/email-verifications/tok');
    for (const mail of [welcome, reset, changed, accepted, verification]) {
      expect(mail!.html).toContain('Atelier &amp; Nord');
      expect(mail!.text).toContain('Atelier & Nord');
    }
  });
});

describe('link lifetime', () => {
  it('says how long and until when, counted from now', () => {
    expect(linkLifetime(new Date('2026-11-29T14:00:00Z'), NOW)).toBe(
      'This link is active for 72 hours, until 29 Nov 2026, 14:00 UTC.',
    );
    expect(linkLifetime(new Date('2026-11-29T14:00:00Z'), new Date('2026-11-26T14:00:40Z'))).toContain(
      'for 72 hours',
    );
    expect(linkLifetime(new Date('2026-11-26T15:00:00Z'), NOW)).toBe(
      'This link is active for 1 hour, until 26 Nov 2026, 15:00 UTC.',
    );
    expect(linkLifetime(new Date('2026-11-26T14:15:00Z'), NOW)).toBe(
      'This link is active for 15 minutes, until 26 Nov 2026, 14:15 UTC.',
    );
    expect(linkLifetime(new Date('2026-11-26T14:00:00Z'), NOW)).toBe(
      'This link is active until 26 Nov 2026, 14:00 UTC.',
    );
    expect(linkLifetime(new Date('2026-11-26T14:00:02Z'), NOW)).toBe(
      'This link is active for 2 seconds, until 26 Nov 2026, 14:00 UTC.',
    );
  });

  it('formats times in UTC with an unambiguous month', () => {
    expect(formatUtc(new Date('2026-09-05T08:07:00Z'))).toBe('5 Sep 2026, 08:07 UTC');
  });
});
