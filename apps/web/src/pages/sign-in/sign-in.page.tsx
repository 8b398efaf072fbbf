import { type FormEvent, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'wouter';
import { signIn } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { rememberStudio } from '../../session/last-studio';
import { useSession } from '../../session/session';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';

const NOTICES: Record<string, string> = {
  'signed-out': 'You are signed out.',
  'session-ended': 'Your session has ended. Sign in again to continue.',
  'password-set': 'Your password is set. Sign in with it.',
};

/** Staff and clients of one studio sign in here; staff land on the index, clients on their dashboard. */
export function SignInPage() {
  const { slug = '' } = useParams<{ slug: string }>();
  const [search] = useSearchParams();
  const notice = NOTICES[search.get('reason') ?? ''];
  useDocumentTitle('Sign in');
  const [, navigate] = useLocation();
  const { setMe } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const session = await signIn(slug, { email, password });
      rememberStudio(slug);
      setMe(undefined);
      navigate(session.principal.kind === 'staff' ? '/clients' : '/dashboard');
    } catch (error) {
      setErrors(
        formErrorsOf(error, {
          messages: {
            'invalid-credentials': 'The email or password is not right. Check both and try again.',
          },
        }),
      );
      setBusy(false);
    }
  };

  return (
    <PublicLayout
      title="Sign in"
      lead={
        <>
          to <strong>{slug}</strong>
        </>
      }
      footer={
        <p>
          Not your studio? <Link href="/sign-in">Choose another</Link>
        </p>
      }
    >
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          required
        />
        <FormError message={errors.form} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="form__aside">
          <Link href={`/studios/${encodeURIComponent(slug)}/forgot-password`}>Forgot password?</Link>
        </p>
      </form>
    </PublicLayout>
  );
}
