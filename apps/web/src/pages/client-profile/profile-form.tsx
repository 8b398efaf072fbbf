import { type FormEvent, useState } from 'react';
import { type Client, type ClientProfile, isApiError, updateClient } from '../../api';
import { FormError, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { useFocusFirstError } from '../../ui/focus-first-error';
import { useToast } from '../../ui/toast';
import { CLIENT_SOURCES, CLIENT_TYPES, parseTags } from '../clients/client-options';

type Fields = Record<'firstName' | 'lastName' | 'email' | 'phone' | 'type' | 'source' | 'tags', string>;

const fieldsOf = (client: Client): Fields => ({
  firstName: client.firstName,
  lastName: client.lastName,
  email: client.email,
  phone: client.phone ?? '',
  type: client.type ?? '',
  source: client.source ?? '',
  tags: client.tags.join(', '),
});

/** Only what changed, so a save never overwrites a field someone else edited in the meantime. */
function changes(before: Fields, after: Fields): Partial<ClientProfile> {
  const patch: { -readonly [K in keyof ClientProfile]?: ClientProfile[K] } = {};
  for (const key of ['firstName', 'lastName', 'email'] as const) {
    if (after[key] !== before[key]) patch[key] = after[key];
  }
  for (const key of ['phone', 'type', 'source'] as const) {
    if (after[key].trim() !== before[key].trim())
      patch[key] = after[key].trim() === '' ? null : after[key].trim();
  }
  const tags = parseTags(after.tags);
  if (tags.join('\n') !== parseTags(before.tags).join('\n')) patch.tags = tags;
  return patch;
}

/**
 * The client's editable profile. Saves send the version the form was filled from (If-Match): if someone
 * else saved in between, the designer is told and can load their version.
 */
export function ProfileForm(props: {
  readonly client: Client;
  readonly onSaved: (client: Client) => void;
  readonly onReload: () => void;
}) {
  const toast = useToast();
  const [base, setBase] = useState(() => fieldsOf(props.client));
  const [fields, setFields] = useState(base);
  const [version, setVersion] = useState(props.client.version);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const formRef = useFocusFirstError(errors);

  // A newer version of the client (after an invite, say) refreshes fields the designer has not touched.
  if (props.client.version !== version && !busy) {
    const fresh = fieldsOf(props.client);
    setFields((current) => {
      const merged = { ...current };
      for (const key of Object.keys(fresh) as (keyof Fields)[])
        if (current[key] === base[key]) merged[key] = fresh[key];
      return merged;
    });
    setBase(fresh);
    setVersion(props.client.version);
    setStale(false);
  }

  const patch = changes(base, fields);
  const dirty = Object.keys(patch).length > 0;
  const set = (key: keyof Fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const saved = await updateClient(props.client.id, patch, version);
      const fresh = fieldsOf(saved);
      setBase(fresh);
      setFields(fresh);
      setVersion(saved.version);
      props.onSaved(saved);
      toast('Changes saved.');
    } catch (error) {
      if (isApiError(error) && error.code === 'version-mismatch') setStale(true);
      setErrors(
        formErrorsOf(error, {
          codeFields: { 'email-taken': 'email' },
          messages: {
            'email-taken': 'A client or staff member of the studio already has this email.',
            'version-mismatch':
              'Someone else changed this client since you opened it. Load their version, then make your change again.',
          },
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-label="Profile">
      <div className="form__row">
        <TextField
          label="First name"
          name="firstName"
          value={fields.firstName}
          onChange={(e) => set('firstName')(e.target.value)}
          error={errors.fields.firstName}
          autoComplete="off"
        />
        <TextField
          label="Last name"
          name="lastName"
          value={fields.lastName}
          onChange={(e) => set('lastName')(e.target.value)}
          error={errors.fields.lastName}
          autoComplete="off"
        />
      </div>
      <TextField
        label="Email"
        type="email"
        name="email"
        value={fields.email}
        onChange={(e) => set('email')(e.target.value)}
        error={errors.fields.email}
        autoComplete="off"
      />
      <TextField
        label="Phone"
        type="tel"
        name="phone"
        value={fields.phone}
        onChange={(e) => set('phone')(e.target.value)}
        error={errors.fields.phone}
        optional
        autoComplete="off"
      />
      <div className="form__row">
        <TextField
          label="Client type"
          name="type"
          list="profile-types"
          value={fields.type}
          onChange={(e) => set('type')(e.target.value)}
          error={errors.fields.type}
          optional
          autoComplete="off"
        />
        <TextField
          label="Client source"
          name="source"
          list="profile-sources"
          value={fields.source}
          onChange={(e) => set('source')(e.target.value)}
          error={errors.fields.source}
          optional
          autoComplete="off"
        />
      </div>
      <datalist id="profile-types">
        {CLIENT_TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <datalist id="profile-sources">
        {CLIENT_SOURCES.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <TextField
        label="Tags"
        name="tags"
        value={fields.tags}
        onChange={(e) => set('tags')(e.target.value)}
        error={errors.fields.tags}
        hint="Separate tags with commas."
        optional
        autoComplete="off"
      />
      <FormError message={errors.form} />
      <div className="form__actions">
        {stale && (
          <button type="button" className="button button--secondary" onClick={props.onReload}>
            Load their version
          </button>
        )}
        <button
          type="button"
          className="button button--ghost"
          disabled={!dirty || busy}
          onClick={() => setFields(base)}
        >
          Discard changes
        </button>
        <button type="submit" className="button button--primary" disabled={!dirty || busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
