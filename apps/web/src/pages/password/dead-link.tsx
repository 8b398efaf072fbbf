import { Link } from 'wouter';
import { PublicLayout } from '../../layout/public-layout';
import { lastStudio } from '../../session/last-studio';

interface Reason {
  readonly title: string;
  readonly why: string;
  readonly next: string;
}

/** Why a link no longer works (API.md's 410/404 codes), in words, with what to do about it. */
const REASONS: Readonly<Record<string, Reason>> = {
  'invitation-expired': {
    title: 'This invitation has expired',
    why: 'Invitation links work for a limited time, and this one’s time is up.',
    next: 'Ask the studio to send you a new invitation.',
  },
  'invitation-replaced': {
    title: 'This invitation was replaced by a newer link',
    why: 'The studio sent you a newer invitation, so this older link no longer works.',
    next: 'Use the link in the most recent email, or ask the studio for a new one.',
  },
  'invitation-revoked': {
    title: 'This invitation was revoked',
    why: 'The studio withdrew this invitation, so the link no longer works.',
    next: 'If you expected to join, ask the studio for a new invitation.',
  },
  'invitation-used': {
    title: 'This invitation was already used',
    why: 'A password was already created with this link, and each link works once.',
    next: 'Sign in with your password, or ask the studio for a new invitation.',
  },
  'invitation-not-found': {
    title: 'We can’t find this invitation',
    why: 'The link may be incomplete: check that you opened the whole link from the email.',
    next: 'If it still doesn’t work, ask the studio for a new invitation.',
  },
  'reset-expired': {
    title: 'This reset link has expired',
    why: 'Password reset links work for a limited time, and this one’s time is up.',
    next: 'Ask for a new link from the sign-in page (“Forgot password?”), or ask the studio for help.',
  },
  'reset-used': {
    title: 'This reset link was already used',
    why: 'A new password was already set with this link, and each link works once.',
    next: 'Sign in with your new password, or ask for a new link from the sign-in page.',
  },
  'reset-not-found': {
    title: 'We can’t find this reset link',
    why: 'The link may be incomplete: check that you opened the whole link from the email.',
    next: 'Ask for a new link from the sign-in page (“Forgot password?”), or ask the studio.',
  },
};

export function isDeadLink(code: string): boolean {
  return Object.hasOwn(REASONS, code);
}

export function DeadLinkPage({ code }: { readonly code: string }) {
  const reason = REASONS[code] ?? REASONS['invitation-not-found']!;
  const slug = lastStudio();
  return (
    <PublicLayout title={reason.title}>
      <div className="dead-link" role="alert">
        <p>{reason.why}</p>
        <p>
          <strong>{reason.next}</strong>
        </p>
      </div>
      <p className="form__aside">
        <Link href={slug ? `/studios/${encodeURIComponent(slug)}/sign-in` : '/sign-in'}>Go to sign in</Link>
      </p>
    </PublicLayout>
  );
}
