import { type FormEvent, useMemo, useState } from 'react';
import { useLocation, useParams } from 'wouter';
import { acceptInvitation, getInvitation, isApiError, type InvitationPreview } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { rememberStudio } from '../../session/last-studio';
import { useSession } from '../../session/session';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { formatDateTime } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { DeadLinkPage, isDeadLink } from '../password/dead-link';

/**
 * The invitation (or purchase welcome) link: who invites whom, and the password to create. Opening it never
 * uses it up; creating the password does, signs the client in and opens their dashboard.
 */
export function InvitationPage() {
  const { token = '' } = useParams<{ token: string }>();
  const { state, reload } = useAsync((signal) => getInvitation(token, signal), [token]);
  useDocumentTitle(state.status === 'ready' ? `Join ${state.data.studio.name}` : 'Your invitation');

  if (state.status === 'loading')
    return (
      <PublicLayout title="Your invitation">
        <Loading label="Opening your invitation…" />
      </PublicLayout>
    );
  if (state.status === 'error') {
    if (isApiError(state.error) && isDeadLink(state.error.code))
      return <DeadLinkPage code={state.error.code} />;
    return (
      <PublicLayout title="Your invitation">
        <ErrorState error={state.error} title="Your invitation could not be opened" onRetry={reload} />
      </PublicLayout>
    );
  }
  return <CreatePassword token={token} invitation={state.data} />;
}

function CreatePassword({
  token,
  invitation,
}: {
  readonly token: string;
  readonly invitation: InvitationPreview;
}) {
  const [, navigate] = useLocation();
  const { setMe } = useSession();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [dead, setDead] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One key for this page's acceptance: a retry after a lost answer gets the session, not `invitation-used`.
  const attempt = useMemo(randomKey, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const session = await acceptInvitation(token, password, attempt);
      rememberStudio(invitation.studio.slug);
      setMe(undefined);
      navigate(session.redirectTo.startsWith('/') ? session.redirectTo : '/dashboard');
    } catch (error) {
      if (isApiError(error) && isDeadLink(error.code)) setDead(error.code);
      else setErrors(formErrorsOf(error, { codeFields: { 'weak-password': 'password' } }));
      setBusy(false);
    }
  };

  if (dead) return <DeadLinkPage code={dead} />;
  return (
    <PublicLayout
      brand={invitation.studio.name}
      title={`Welcome, ${invitation.client.firstName}`}
      lead={
        <>
          <strong>{invitation.studio.name}</strong> invites you to its client portal, where you can follow
          your projects with the studio. Create a password to get started.
        </>
      }
      footer={<p className="muted">This link works until {formatDateTime(invitation.expiresAt)}.</p>}
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <span className="field__label" id="invited-email-label">
            Your email
          </span>
          <p className="readonly" aria-labelledby="invited-email-label">
            {invitation.client.email}
          </p>
          {/* For password managers: the account this password belongs to. */}
          <input
            type="email"
            name="username"
            autoComplete="username"
            value={invitation.client.email}
            readOnly
            hidden
          />
        </div>
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          hint="At least 8 characters; not one of the most common passwords."
          required
        />
        <FormError message={errors.form} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Creating your password…' : 'Create Your Password'}
        </button>
      </form>
    </PublicLayout>
  );
}

/** 128 random bits as hex (crypto.randomUUID needs a secure context; getRandomValues does not). */
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
