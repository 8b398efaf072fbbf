import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'wouter';
import { isApiError, resetPassword } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { signInPath } from '../../session/last-studio';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { DeadLinkPage, isDeadLink } from './dead-link';

/** Sets a new password from an emailed link; every other session of the account ends. */
export function PasswordResetPage() {
  const { token = '' } = useParams<{ token: string }>();
  useDocumentTitle('Set a new password');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [dead, setDead] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (error) {
      if (isApiError(error) && isDeadLink(error.code)) setDead(error.code);
      else setErrors(formErrorsOf(error, { codeFields: { 'weak-password': 'password' } }));
    } finally {
      setBusy(false);
    }
  };

  if (dead) return <DeadLinkPage code={dead} />;
  if (done)
    return (
      <PublicLayout title="Your password is set">
        <p className="notice" role="status">
          Your new password works now, and every other session of your account was signed out.
        </p>
        <Link href={signInPath('password-set')} className="button button--primary button--block">
          Sign in
        </Link>
      </PublicLayout>
    );

  return (
    <PublicLayout title="Set a new password" lead="Choose a new password for your account.">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="New password"
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
          {busy ? 'Saving…' : 'Set password'}
        </button>
      </form>
    </PublicLayout>
  );
}
