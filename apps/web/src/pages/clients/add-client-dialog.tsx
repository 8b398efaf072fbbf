import { invitationDraft } from '@studio/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { addClient, type Client, type NewClient } from '../../api';
import { useMe } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { FormError, TextAreaField, TextField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { useFocusFirstError } from '../../ui/focus-first-error';
import { fullName } from '../../ui/format';
import { MenuButton } from '../../ui/menu-button';
import { useToast } from '../../ui/toast';
import { CLIENT_SOURCES, CLIENT_TYPES, parseTags } from './client-options';

const EMPTY = { firstName: '', lastName: '', email: '', phone: '', type: '', source: '', tags: '' };
type Fields = typeof EMPTY;
type Gesture = 'add' | 'invite' | 'open' | 'next';

const CODE_FIELDS = { 'email-taken': 'email' } as const;
const MESSAGES = { 'email-taken': 'A client or staff member of the studio already has this email.' };

function toBody(fields: Fields): NewClient {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const tags = parseTags(fields.tags);
  return {
    firstName: fields.firstName,
    lastName: fields.lastName,
    email: fields.email,
    ...(optional(fields.phone) ? { phone: optional(fields.phone) } : {}),
    ...(optional(fields.type) ? { type: optional(fields.type) } : {}),
    ...(optional(fields.source) ? { source: optional(fields.source) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/**
 * The Add client form and its four gestures: "Add"; and under "More add options": "Add & invite" (the
 * invitation's pre-filled message first, then one request that adds and invites), "Add & open" (the new
 * profile) and "Add & create new" (the form again, empty, for the next client).
 */
export function AddClientDialog(props: {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onAdded: (client: Client) => void;
}) {
  const me = useMe();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [step, setStep] = useState<'form' | 'message'>('form');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();
  const formRef = useFocusFirstError(errors);
  const firstNameRef = useRef<HTMLInputElement>(null);

  const set = (key: keyof Fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const close = () => {
    setFields(EMPTY);
    setStep('form');
    setErrors(NO_ERRORS);
    setAdded(undefined);
    props.onClose();
  };

  const submit = async (gesture: Gesture) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setAdded(undefined);
    try {
      const body = toBody(fields);
      const client = await addClient(gesture === 'invite' ? { ...body, invite: { message } } : body);
      props.onAdded(client);
      const name = fullName(client);
      if (gesture === 'next') {
        setFields(EMPTY);
        setAdded(`Added ${name}. Add the next client.`);
        firstNameRef.current?.focus();
        return;
      }
      close();
      if (gesture === 'open') navigate(`/clients/${encodeURIComponent(client.id)}`);
      else toast(gesture === 'invite' ? `Added ${name} and sent the invitation.` : `Added ${name}.`);
    } catch (error) {
      const found = formErrorsOf(error, {
        fieldFor: (field) => (field === 'invite.message' ? 'message' : field),
        codeFields: CODE_FIELDS,
        messages: MESSAGES,
      });
      // A problem with the client's fields is shown on the form, wherever the designer was.
      if (Object.keys(found.fields).some((field) => field !== 'message')) setStep('form');
      setErrors(found);
    } finally {
      setBusy(false);
    }
  };

  const toMessage = () => {
    const missing: Record<string, string> = {};
    if (fields.firstName.trim() === '') missing.firstName = 'Is required.';
    if (fields.lastName.trim() === '') missing.lastName = 'Is required.';
    if (fields.email.trim() === '') missing.email = 'Is required.';
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing, form: 'Fill in the client’s name and email first.' });
      return;
    }
    setErrors(NO_ERRORS);
    setMessage(invitationDraft(me.studio.name, fields.firstName.trim()).message);
    setStep('message');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(step === 'message' ? 'invite' : 'add');
  };

  const draft = invitationDraft(me.studio.name, fields.firstName.trim());
  return (
    <Dialog
      open={props.open}
      onClose={close}
      title={step === 'form' ? 'Add client' : 'Invite the new client'}
      wide
    >
      <form className="form dialog__body" ref={formRef} onSubmit={onSubmit} noValidate>
        {step === 'form' ? (
          <>
            {added && (
              <p className="notice notice--success" role="status">
                {added}
              </p>
            )}
            <div className="form__row">
              <TextField
                ref={firstNameRef}
                data-autofocus
                label="First name"
                name="firstName"
                value={fields.firstName}
                onChange={(e) => set('firstName')(e.target.value)}
                error={errors.fields.firstName}
                required
                autoComplete="off"
              />
              <TextField
                label="Last name"
                name="lastName"
                value={fields.lastName}
                onChange={(e) => set('lastName')(e.target.value)}
                error={errors.fields.lastName}
                required
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
              required
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
                list="client-types"
                value={fields.type}
                onChange={(e) => set('type')(e.target.value)}
                error={errors.fields.type}
                optional
                autoComplete="off"
              />
              <TextField
                label="Client source"
                name="source"
                list="client-sources"
                value={fields.source}
                onChange={(e) => set('source')(e.target.value)}
                error={errors.fields.source}
                optional
                autoComplete="off"
              />
            </div>
            <datalist id="client-types">
              {CLIENT_TYPES.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
            <datalist id="client-sources">
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
              hint="Separate tags with commas, e.g. Kitchen, VIP."
              optional
              autoComplete="off"
            />
            <FormError message={errors.form} />
            <div className="dialog__actions">
              <button type="button" className="button button--ghost" onClick={close}>
                Cancel
              </button>
              <div className="split-button">
                <button type="submit" className="button button--primary" disabled={busy}>
                  Add
                </button>
                <MenuButton
                  label="More add options"
                  className="button button--primary split-button__toggle"
                  disabled={busy}
                  items={[
                    { label: 'Add & invite', onSelect: toMessage },
                    { label: 'Add & open', onSelect: () => void submit('open') },
                    { label: 'Add & create new', onSelect: () => void submit('next') },
                  ]}
                />
              </div>
            </div>
          </>
        ) : (
          <>
            <p className="muted">
              {fields.firstName} {fields.lastName} ({fields.email}) will be added and receive this invitation.
              Edit the message if you like.
            </p>
            <p className="readonly-line">
              <span className="muted">Subject:</span> {draft.subject}
            </p>
            <TextAreaField
              label="Message"
              name="message"
              rows={9}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              error={errors.fields.message}
              autoFocus
            />
            <FormError message={errors.form} />
            <div className="dialog__actions">
              <button type="button" className="button button--ghost" onClick={() => setStep('form')}>
                Back
              </button>
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? 'Sending…' : 'Send invite'}
              </button>
            </div>
          </>
        )}
      </form>
    </Dialog>
  );
}
