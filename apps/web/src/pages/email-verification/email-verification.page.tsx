import { Link, useParams } from 'wouter';
import { isApiError, verifyEmail } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { signInPath } from '../../session/last-studio';
import { useDocumentTitle } from '../../ui/document-title';
import { ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';

/**
 * The link emailed to a studio's owner at sign-up. Opening it verifies the address (again is harmless), which
 * lets the studio send its full daily number of emails.
 */
export function EmailVerificationPage() {
  const { token = '' } = useParams<{ token: string }>();
  const { state, reload } = useAsync((signal) => verifyEmail(token, signal), [token]);
  useDocumentTitle('Verify your email');

  if (state.status === 'loading')
    return (
      <PublicLayout title="Verify your email">
        <Loading label="Verifying your email…" />
      </PublicLayout>
    );
  if (state.status === 'error') {
    if (isApiError(state.error) && state.error.code === 'not-found')
      return (
        <PublicLayout title="We can’t find this verification link">
          <div className="dead-link" role="alert">
            <p>The link may be incomplete: check that you opened the whole link from the email.</p>
          </div>
          <p className="form__aside">
            <Link href={signInPath()}>Go to sign in</Link>
          </p>
        </PublicLayout>
      );
    return (
      <PublicLayout title="Verify your email">
        <ErrorState error={state.error} title="Your email could not be verified" onRetry={reload} />
      </PublicLayout>
    );
  }
  return (
    <PublicLayout title="Your email is verified">
      <p className="notice" role="status">
        Thank you. Your studio can now send its full number of emails each day: invitations, welcomes and
        password resets.
      </p>
      <Link href="/clients" className="button button--primary button--block">
        Go to your clients
      </Link>
    </PublicLayout>
  );
}
