import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'wouter';
import { requestPasswordReset } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { rememberStudio } from '../../session/last-studio';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { slug = '' } = useParams<{ slug: string }>();
  useDocumentTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const signIn = `/studios/${encodeURIComponent(slug)}/sign-in`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await requestPasswordReset(slug, email);
      // The emailed link opens on this device with no studio in it: its "Sign in" comes back here.
      rememberStudio(slug);
      setSentTo(email);
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo !== undefined)
    return (
      <PublicLayout title="Check your email" footer={<Link href={signIn}>Back to sign in</Link>}>
        <p className="notice" role="status">
          If <strong>{sentTo}</strong> belongs to an account at this studio, we have sent it a link to set a
          new password. The link works for a limited time and only once.
        </p>
        <p className="muted">
          Nothing arrived after a few minutes? Check your spam folder, or ask the studio.
        </p>
      </PublicLayout>
    );

  return (
    <PublicLayout
      title="Forgot password"
      lead="Enter the email you sign in with and we’ll send you a link to set a new password."
      footer={<Link href={signIn}>Back to sign in</Link>}
    >
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
        <FormError message={errors.form} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Sending…' : 'Send reset link'}
        </button>
      </form>
    </PublicLayout>
  );
}
