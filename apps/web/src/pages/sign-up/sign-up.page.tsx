import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { createStudio } from '../../api';
import { PublicLayout } from '../../layout/public-layout';
import { rememberStudio } from '../../session/last-studio';
import { useSession } from '../../session/session';
import { useDocumentTitle } from '../../ui/document-title';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { useFocusFirstError } from '../../ui/focus-first-error';

/** "Oak & Linen Studio" → "oak-linen-studio": a suggestion the designer may change. */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
}

const empty = { name: '', slug: '', firstName: '', lastName: '', email: '', password: '' };

/** Create a studio and its owner; the owner is signed in and lands on the (empty) client index. */
export function SignUpPage() {
  useDocumentTitle('Create a studio');
  const [, navigate] = useLocation();
  const { setMe } = useSession();
  const [form, setForm] = useState(empty);
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const formRef = useFocusFirstError(errors);

  const set = (key: keyof typeof empty) => (value: string) =>
    setForm((f) => ({
      ...f,
      [key]: value,
      ...(key === 'name' && !slugEdited ? { slug: slugFrom(value) } : {}),
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const { studio } = await createStudio({
        name: form.name,
        slug: form.slug,
        owner: {
          firstName: form.firstName,
          lastName: form.lastName,
          email: form.email,
          password: form.password,
        },
      });
      rememberStudio(studio.slug);
      setMe(undefined);
      navigate('/clients');
    } catch (error) {
      setErrors(
        formErrorsOf(error, {
          fieldFor: (field) => field.replace(/^owner\./, ''),
          codeFields: { 'slug-taken': 'slug', 'weak-password': 'password', 'email-taken': 'email' },
          messages: { 'slug-taken': 'This studio address is taken. Choose another.' },
        }),
      );
      setBusy(false);
    }
  };

  return (
    <PublicLayout
      title="Create a studio"
      lead="Your studio’s own client portal, ready in a minute."
      footer={
        <p>
          Already have a studio? <Link href="/sign-in">Sign in</Link>
        </p>
      }
    >
      <form className="form" ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Studio name"
          name="name"
          value={form.name}
          onChange={(e) => set('name')(e.target.value)}
          error={errors.fields.name}
          autoComplete="organization"
          required
        />
        <TextField
          label="Studio address"
          name="slug"
          value={form.slug}
          onChange={(e) => {
            setSlugEdited(true);
            set('slug')(e.target.value);
          }}
          error={errors.fields.slug}
          hint={
            <>
              Your sign-in page: <code>/studios/{form.slug || 'your-studio'}/sign-in</code>. Lowercase
              letters, digits and hyphens.
            </>
          }
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <div className="form__row">
          <TextField
            label="First name"
            name="firstName"
            value={form.firstName}
            onChange={(e) => set('firstName')(e.target.value)}
            error={errors.fields.firstName}
            autoComplete="given-name"
            required
          />
          <TextField
            label="Last name"
            name="lastName"
            value={form.lastName}
            onChange={(e) => set('lastName')(e.target.value)}
            error={errors.fields.lastName}
            autoComplete="family-name"
            required
          />
        </div>
        <TextField
          label="Email"
          type="email"
          name="email"
          value={form.email}
          onChange={(e) => set('email')(e.target.value)}
          error={errors.fields.email}
          autoComplete="username"
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          value={form.password}
          onChange={(e) => set('password')(e.target.value)}
          error={errors.fields.password}
          autoComplete="new-password"
          hint="At least 8 characters. A short phrase is easy to remember and hard to guess."
          required
        />
        <FormError message={errors.form} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Creating…' : 'Create studio'}
        </button>
      </form>
    </PublicLayout>
  );
}
