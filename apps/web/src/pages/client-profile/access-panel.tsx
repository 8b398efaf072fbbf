import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type Client,
  deactivateClient,
  getInvitationDraft,
  type InvitationDraft,
  resendInvitation,
  revokeInvitation,
  sendInvitation,
} from '../../api';
import { AccessBadge } from '../../ui/access-badge';
import { Dialog } from '../../ui/dialog';
import { FormError, TextAreaField } from '../../ui/field';
import { type FormErrors, formErrorsOf, NO_ERRORS } from '../../ui/form-errors';
import { formatDateTime, fullName, relativeTime } from '../../ui/format';
import { describeError } from '../../ui/states';
import { useToast } from '../../ui/toast';

const DELIVERY: Readonly<Record<string, string>> = {
  pending: 'Email being sent',
  sent: 'Email delivered to the mail server',
  failed: 'Email could not be delivered: check the address, then resend',
};

/** The client's studio access, the invitation's state, and the actions the state allows. */
export function AccessPanel(props: {
  readonly client: Client;
  readonly onChanged: (client: Client) => void;
}) {
  const { client, onChanged } = props;
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [composing, setComposing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = fullName(client);

  const run = async (action: () => Promise<Client>, done: string) => {
    setBusy(true);
    try {
      onChanged(await action());
      toast(done);
      return true;
    } catch (error) {
      toast(describeError(error), 'error');
      return false;
    } finally {
      setBusy(false);
    }
  };

  const invitation = client.invitation;
  return (
    <section className="panel" aria-labelledby="access-heading">
      <div className="panel__head">
        <h2 id="access-heading" className="panel__title">
          Portal access
        </h2>
        <AccessBadge access={client.access} />
      </div>

      <dl className="facts">
        {client.access === 'Active' && client.activatedAt && (
          <div>
            <dt>Active since</dt>
            <dd>{formatDateTime(client.activatedAt)}</dd>
          </div>
        )}
        {invitation && (
          <>
            <div>
              <dt>Invitation</dt>
              <dd>
                {invitation.status === 'expired' ? (
                  <strong className="text-warning">Expired {relativeTime(invitation.expiresAt)}</strong>
                ) : (
                  <>Pending, expires {relativeTime(invitation.expiresAt)}</>
                )}
                <span className="facts__sub">
                  Sent {formatDateTime(invitation.sentAt)} ·{' '}
                  {invitation.status === 'expired' ? 'expired' : 'expires'}{' '}
                  {formatDateTime(invitation.expiresAt)}
                </span>
              </dd>
            </div>
            <div>
              <dt>Delivery</dt>
              <dd className={invitation.delivery === 'failed' ? 'text-danger' : undefined}>
                {DELIVERY[invitation.delivery] ?? invitation.delivery}
              </dd>
            </div>
          </>
        )}
        {!invitation && client.access === 'Inactive' && (
          <div>
            <dt>Invitation</dt>
            <dd>None yet. Send one and {client.firstName} can create a password.</dd>
          </div>
        )}
      </dl>

      {composing ? (
        <InviteComposer
          client={client}
          onCancel={() => setComposing(false)}
          onSent={(sent) => {
            setComposing(false);
            onChanged(sent);
            toast(`Invitation sent to ${sent.email}.`);
          }}
        />
      ) : (
        <div className="actions">
          {client.access === 'Inactive' && (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => setComposing(true)}
            >
              Send invite
            </button>
          )}
          {client.access === 'Invited' && (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void run(() => resendInvitation(client.id), `A new invitation was sent to ${client.email}.`)
                }
              >
                Resend invite
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() =>
                  void run(() => revokeInvitation(client.id), `The invitation to ${name} was revoked.`)
                }
              >
                Revoke invite
              </button>
            </>
          )}
          {client.access !== 'Inactive' && (
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Deactivate
            </button>
          )}
        </div>
      )}
      {client.access === 'Active' && (
        <p className="muted small">
          To invite {client.firstName} again later, deactivate first, then send an invite.
        </p>
      )}

      <Dialog open={confirming} title={`Deactivate ${name}?`} onClose={() => setConfirming(false)}>
        <div className="dialog__body">
          <p>
            {client.access === 'Active'
              ? `${client.firstName} is signed out everywhere at once and can no longer sign in.`
              : `The pending invitation link stops working at once.`}{' '}
            You can invite them again later.
          </p>
          <div className="dialog__actions">
            <button
              type="button"
              className="button button--ghost"
              data-autofocus
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() =>
                void run(() => deactivateClient(client.id), `${name} was deactivated.`).then(() =>
                  setConfirming(false),
                )
              }
            >
              Deactivate
            </button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}

/** "Send invite": the generic message, pre-filled and editable, then "Send". */
function InviteComposer(props: {
  readonly client: Client;
  readonly onCancel: () => void;
  readonly onSent: (client: Client) => void;
}) {
  const [draft, setDraft] = useState<InvitationDraft>();
  const [message, setMessage] = useState<string>();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const clientId = props.client.id;
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const loaded = message !== undefined;

  // Once the suggested text is in, the designer can edit it straight away.
  useEffect(() => {
    if (loaded) messageRef.current?.focus();
  }, [loaded]);

  useEffect(() => {
    const controller = new AbortController();
    getInvitationDraft(clientId, controller.signal).then(
      (answer) => {
        setDraft(answer);
        setMessage((current) => current ?? answer.message);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setErrors({ fields: {}, form: `The suggested message could not be loaded. ${describeError(error)}` });
        setMessage((current) => current ?? '');
      },
    );
    return () => controller.abort();
  }, [clientId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      props.onSent(await sendInvitation(props.client.id, message ?? ''));
    } catch (error) {
      setErrors(formErrorsOf(error));
      setBusy(false);
    }
  };

  return (
    <form className="form composer" onSubmit={(e) => void submit(e)} noValidate aria-label="Invitation">
      {draft && (
        <p className="readonly-line">
          <span className="muted">Subject:</span> {draft.subject}
        </p>
      )}
      <TextAreaField
        ref={messageRef}
        label="Message"
        name="message"
        rows={8}
        value={message ?? ''}
        placeholder={message === undefined ? 'Loading the suggested message…' : undefined}
        disabled={message === undefined}
        onChange={(e) => setMessage(e.target.value)}
        error={errors.fields.message}
        hint="Sent with a “Create Your Password” button and how long the link works."
      />
      <FormError message={errors.form} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy || message === undefined}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
