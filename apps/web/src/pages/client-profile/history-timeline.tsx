import type { HistoryEntry } from '../../api';
import { formatDateTime } from '../../ui/format';

const LABELS: Readonly<Record<string, string>> = {
  ClientAdded: 'Added to the studio',
  ClientProfileUpdated: 'Profile updated',
  ClientInvited: 'Invitation sent',
  ClientInvitationResent: 'Invitation resent',
  ClientInvitationRevoked: 'Invitation revoked',
  ClientInvitationExpired: 'Invitation expired',
  ClientActivated: 'Created a password: now active',
  ClientDeactivated: 'Deactivated',
  ClientPurchaseRecorded: 'Package purchased',
};

const FIELD_NAMES: Readonly<Record<string, string>> = {
  firstName: 'first name',
  lastName: 'last name',
  email: 'email',
  phone: 'phone',
  type: 'client type',
  source: 'client source',
  tags: 'tags',
};

function actor(by: unknown): string | undefined {
  if (typeof by !== 'object' || by === null) return undefined;
  const kind = (by as { kind?: unknown }).kind;
  if (kind === 'staff') return 'by the studio';
  if (kind === 'client') return 'by the client';
  if (kind === 'checkout') return 'by the checkout';
  if (kind === 'system') return 'automatically';
  return undefined;
}

function detail(entry: HistoryEntry): string | undefined {
  const data = entry.data;
  if (entry.type === 'ClientProfileUpdated' && typeof data.changes === 'object' && data.changes !== null) {
    const names = Object.keys(data.changes).map((key) => FIELD_NAMES[key] ?? key);
    return names.length > 0 ? `Changed ${names.join(', ')}` : undefined;
  }
  if (entry.type === 'ClientInvited' && typeof data.message === 'string' && data.message !== '')
    return `“${data.message.length > 160 ? `${data.message.slice(0, 160)}…` : data.message}”`;
  if (entry.type === 'ClientPurchaseRecorded') {
    const pack = data.package as { name?: unknown } | undefined;
    if (typeof pack?.name === 'string') return pack.name;
  }
  return undefined;
}

/** The client's history, oldest first, as the event log recorded it. */
export function HistoryTimeline({ events }: { readonly events: readonly HistoryEntry[] }) {
  return (
    <ol className="timeline">
      {events.map((entry, index) => {
        const by = actor(entry.by);
        const more = detail(entry);
        return (
          <li key={`${entry.type}-${entry.at}-${index}`} className="timeline__item">
            <span className="timeline__dot" aria-hidden="true" />
            <div>
              <p className="timeline__title">
                {LABELS[entry.type] ?? entry.type}
                {by && <span className="muted"> {by}</span>}
              </p>
              {more && <p className="timeline__detail">{more}</p>}
              <time className="timeline__time" dateTime={entry.at}>
                {formatDateTime(entry.at)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
