import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { PublicLayout } from '../../layout/public-layout';
import { lastStudio } from '../../session/last-studio';
import { useDocumentTitle } from '../../ui/document-title';
import { TextField } from '../../ui/field';

/** "Sign in" from the home page: each studio has its own sign-in page, so ask which one. */
export function ChooseStudioPage() {
  useDocumentTitle('Sign in');
  const [, navigate] = useLocation();
  const [slug, setSlug] = useState(lastStudio() ?? '');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = slug.trim().toLowerCase();
    if (!/^[a-z0-9-]{1,50}$/.test(clean)) {
      setError('Enter your studio’s address: lowercase letters, digits and hyphens, e.g. oak-linen.');
      return;
    }
    navigate(`/studios/${clean}/sign-in`);
  };
  return (
    <PublicLayout
      title="Sign in"
      lead="Which studio? Its address is in your invitation email, or ask the studio."
      footer={
        <p>
          New here? <Link href="/sign-up">Create a studio</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="Studio address"
          name="studio"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          error={error}
          hint="The short name in your studio’s links, e.g. oak-linen."
        />
        <button type="submit" className="button button--primary button--block">
          Continue
        </button>
      </form>
    </PublicLayout>
  );
}
