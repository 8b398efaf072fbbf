/**
 * The emails' Handlebars sources, shipped as code so a build carries them without copying assets. HTML
 * bodies use `{{ }}` only, so everything from a request (names, the designer's message) is escaped; the one
 * `{{{body}}}` in the layout takes a body this renderer produced itself.
 */

export const HTML_LAYOUT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f2ee;font-family:Helvetica,Arial,sans-serif;color:#2b2b2b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f2ee;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:6px;padding:32px">
<tr><td style="font-size:20px;font-weight:bold;padding-bottom:24px;border-bottom:1px solid #e6e2da">{{studio.name}}</td></tr>
<tr><td style="font-size:15px;line-height:1.6;padding-top:24px">
{{{body}}}
</td></tr>
<tr><td style="font-size:12px;color:#8a857c;padding-top:32px">Sent by {{studio.name}} through its client portal.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

export const TEXT_LAYOUT = `{{studio.name}}
{{body}}

--
Sent by {{studio.name}} through its client portal.
`;

const BUTTON = (label: string) =>
  `<p style="padding:16px 0"><a href="{{link}}" style="background:#2b2b2b;color:#ffffff;text-decoration:none;padding:12px 24px;border-radius:4px;display:inline-block">${label}</a></p>`;

const LINK_FALLBACK = `<p style="font-size:13px;color:#6b665e">If the button does not work, copy this link into your browser:<br><a href="{{link}}">{{link}}</a></p>`;

export interface TemplateSource {
  readonly html: string;
  readonly text: string;
}

export const INVITATION: TemplateSource = {
  html: `<p>Hi {{firstName}},</p>
{{#if message}}<p style="white-space:pre-line">{{message}}</p>{{else}}<p>{{studio.name}} has invited you to its client portal, where you can follow your projects with the studio.</p>{{/if}}
<p>Create your password to open the portal.</p>
${BUTTON('Create Your Password')}
<p>{{lifetime}}</p>
${LINK_FALLBACK}`,
  text: `Hi {{firstName}},

{{#if message}}{{message}}{{else}}{{studio.name}} has invited you to its client portal, where you can follow your projects with the studio.{{/if}}

Create your password to open the portal:
{{link}}

{{lifetime}}`,
};

export const PURCHASE_WELCOME: TemplateSource = {
  html: `<p>Hi {{firstName}},</p>
<p>Thank you for buying {{#if packageName}}<strong>{{packageName}}</strong> {{else}}a package {{/if}}from {{studio.name}}. Your client portal is ready: there you can follow your project with the studio.</p>
{{#if message}}<p style="white-space:pre-line">{{message}}</p>{{/if}}
<p>Create your password to open the portal.</p>
${BUTTON('Create Your Password')}
<p>{{lifetime}}</p>
${LINK_FALLBACK}`,
  text: `Hi {{firstName}},

Thank you for buying {{#if packageName}}{{packageName}} {{else}}a package {{/if}}from {{studio.name}}. Your client portal is ready: there you can follow your project with the studio.
{{#if message}}
{{message}}
{{/if}}

Create your password to open the portal:
{{link}}

{{lifetime}}`,
};

export const PASSWORD_RESET: TemplateSource = {
  html: `<p>Hi {{firstName}},</p>
<p>We received a request to reset the password of your {{studio.name}} client portal account.</p>
${BUTTON('Choose a New Password')}
<p>{{lifetime}} It can be used once.</p>
<p>If you did not ask for this, ignore this email: your password stays as it is.</p>
${LINK_FALLBACK}`,
  text: `Hi {{firstName}},

We received a request to reset the password of your {{studio.name}} client portal account.

Choose a new password:
{{link}}

{{lifetime}} It can be used once.

If you did not ask for this, ignore this email: your password stays as it is.`,
};

export const PASSWORD_CHANGED: TemplateSource = {
  html: `<p>Hi {{firstName}},</p>
<p>The password of your {{studio.name}} client portal account was changed on {{when}}, and every other session was signed out.</p>
<p>If this was not you, reset your password from the sign-in page at once and let {{studio.name}} know.</p>`,
  text: `Hi {{firstName}},

The password of your {{studio.name}} client portal account was changed on {{when}}, and every other session was signed out.

If this was not you, reset your password from the sign-in page at once and let {{studio.name}} know.`,
};

export const INVITATION_ACCEPTED: TemplateSource = {
  html: `<p>Good news:</p>
<p><strong>{{clientName}}</strong> ({{clientEmail}}) accepted your invitation and joined the {{studio.name}} client portal on {{when}}.</p>
<p>They can now see the projects you add them to.</p>`,
  text: `Good news:

{{clientName}} ({{clientEmail}}) accepted your invitation and joined the {{studio.name}} client portal on {{when}}.

They can now see the projects you add them to.`,
};

export const EMAIL_VERIFICATION: TemplateSource = {
  html: `<p>Hi {{firstName}},</p>
<p>Welcome to your {{studio.name}} client portal. Please confirm that this is your email address.</p>
${BUTTON('Verify My Email')}
<p>Until you do, the portal sends at most a few emails a day for your studio.</p>
<p>If you did not sign up, ignore this email.</p>
${LINK_FALLBACK}`,
  text: `Hi {{firstName}},

Welcome to your {{studio.name}} client portal. Please confirm that this is your email address:
{{link}}

Until you do, the portal sends at most a few emails a day for your studio.

If you did not sign up, ignore this email.`,
};
