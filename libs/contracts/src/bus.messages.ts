/**
 * Payloads that cross the bus. Requests travel as `Envelope<Body>`; replies as `Reply<Value>`, so a refusal
 * (a problem code of API.md) arrives as data, never as a transport error.
 */
import type { ClientProfileInput, ClientProfilePatch } from './client-profile';
import type { DomainError } from './domain-error';

export interface RequestMeta {
  readonly correlationId: string;
  /** Who asks: the authenticated principal, or the system itself (sweeps, consumers). */
  readonly actor?: Caller;
}

/** Who made a request: a signed-in principal, or the system itself. */
export type Caller =
  | { readonly kind: 'staff'; readonly id: string; readonly studioId: string }
  | { readonly kind: 'client'; readonly id: string; readonly studioId: string }
  | { readonly kind: 'system'; readonly id: string };

export interface Envelope<B> {
  readonly meta: RequestMeta;
  readonly body: B;
}

export type Reply<V> =
  { readonly ok: true; readonly value: V } | { readonly ok: false; readonly problem: DomainError };

// ---- shapes of API.md -----------------------------------------------------------------------------------

export type Access = 'Inactive' | 'Invited' | 'Active';
export type Delivery = 'pending' | 'sent' | 'failed';

export interface ClientDto {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly type: string | null;
  readonly source: string | null;
  readonly tags: readonly string[];
  readonly access: Access;
  readonly invitation: null | {
    readonly status: 'pending' | 'expired';
    readonly sentAt: string;
    readonly expiresAt: string;
    readonly delivery: Delivery;
  };
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly version: number;
}

export interface StudioDto {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

/** A studio as services see it: with its owner, whom studio emails (an accepted invitation) go to. */
export interface StudioDetailsDto extends StudioDto {
  readonly owner: {
    readonly id: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
  };
}

export interface PrincipalDto {
  readonly kind: 'staff' | 'client';
  readonly id: string;
  readonly studioId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

export interface SessionDto {
  readonly token: string;
  readonly expiresAt: string;
  readonly principal: PrincipalDto;
}

export interface HistoryEntryDto {
  readonly type: string;
  readonly at: string;
  readonly by: unknown;
  readonly data: Record<string, unknown>;
}

// ---- request bodies ---------------------------------------------------------------------------------------

export interface CreateStudioBody {
  readonly name: string;
  readonly slug: string;
  readonly owner: {
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
    readonly password: string;
  };
}
export interface SignInBody {
  readonly slug: string;
  readonly email: string;
  readonly password: string;
  /** The caller's network address, for per-address throttling. */
  readonly address: string;
}
export interface TokenBody {
  readonly token: string;
}
export interface AuthenticatedDto {
  readonly principal: PrincipalDto;
  readonly studio: StudioDto;
}
export interface PasswordResetRequestBody {
  readonly slug: string;
  readonly email: string;
  readonly address: string;
}
export interface PasswordBody {
  readonly token: string;
  readonly password: string;
}
/**
 * Sent by invitation before it asks the registry to accept: identity checks the password policy and keeps the
 * hash staged for this invitation, replacing an earlier staged one of the client. It becomes the client's
 * password only once the acceptance is known (the registry's ClientActivated, or an activate request).
 */
export interface StageCredentialsBody {
  readonly studioId: string;
  readonly clientId: string;
  readonly invitationId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
}
/**
 * Sent by invitation once the registry accepted `invitationId` (`identity.credentials.activate`): identity
 * promotes the credential staged for it, if still staged, and opens a session. Idempotent: repeated, it opens
 * another session, but only for the password of that invitation's credential (else `invitation-used`), and
 * never for an account deactivated since (`invitation-revoked`).
 */
export interface ActivateStagedCredentialsBody {
  readonly studioId: string;
  readonly clientId: string;
  readonly invitationId: string;
  readonly password: string;
}

export interface StudioScoped {
  readonly studioId: string;
}
export interface ClientRef extends StudioScoped {
  readonly clientId: string;
}
export interface AddClientBody extends StudioScoped {
  readonly profile: ClientProfileInput;
  readonly invite: null | { readonly message: string | null };
}
export interface UpdateClientBody extends ClientRef {
  readonly profile: ClientProfilePatch;
  readonly expectedVersion: number | null;
}
export interface SendInvitationBody extends ClientRef {
  readonly message: string | null;
}
export interface AcceptInvitationBody extends ClientRef {
  readonly invitationId: string;
}
/** Where an invitation stands by its client's history, from the registry: the authority on a link's life. */
export interface InvitationStandingDto {
  readonly standing: 'current' | 'expired' | 'replaced' | 'revoked' | 'used' | 'unknown';
}
export interface ReserveStaffEmailBody extends StudioScoped {
  readonly staffId: string;
  readonly email: string;
}
/** A write's answer: the client as the registry now knows it, and where its last event stands. */
export interface ClientWriteResult {
  readonly client: ClientDto;
  readonly position: string;
}

export interface GetClientBody extends ClientRef {
  /** Read your writes: wait until the read model has applied at least this version of the client. */
  readonly minVersion?: number;
}
export type ClientSort = 'lastName' | '-lastName' | 'firstName' | 'email' | 'createdAt' | '-createdAt';
export interface ListClientsBody extends StudioScoped {
  readonly q?: string;
  readonly access?: Access;
  readonly type?: string;
  readonly source?: string;
  readonly tag?: string;
  readonly sort: ClientSort;
  readonly limit: number;
  readonly cursor?: string;
  /** Read your writes: wait until the read model has applied at least this version of this client. */
  readonly after?: { readonly clientId: string; readonly version: number };
}
export interface ClientPageDto {
  readonly items: readonly ClientDto[];
  readonly nextCursor: string | null;
  readonly counts: Readonly<Record<Access, number>>;
}

export interface InvitationLookupDto {
  readonly studio: { readonly name: string; readonly slug: string };
  readonly client: { readonly firstName: string; readonly email: string };
  readonly expiresAt: string;
}

// ---- durable messages -------------------------------------------------------------------------------------

/** An email to send. Carries a link with a secret token: it travels only to notification, never into an event. */
export type MailRequest =
  | {
      readonly template: 'invitation' | 'purchase-welcome';
      readonly key: string;
      readonly to: string;
      readonly studio: StudioDto;
      readonly clientId: string;
      readonly invitationId: string;
      readonly firstName: string;
      readonly message: string | null;
      readonly link: string;
      readonly expiresAt: string;
    }
  | {
      readonly template: 'password-reset';
      readonly key: string;
      readonly to: string;
      readonly studio: StudioDto;
      readonly firstName: string;
      readonly link: string;
      readonly expiresAt: string;
    }
  | {
      readonly template: 'password-changed';
      readonly key: string;
      readonly to: string;
      readonly studio: StudioDto;
      readonly firstName: string;
      readonly at: string;
    }
  | {
      readonly template: 'invitation-accepted';
      readonly key: string;
      readonly to: string;
      readonly studio: StudioDto;
      readonly clientId: string;
      readonly clientName: string;
      readonly clientEmail: string;
      readonly at: string;
    };
export type MailTemplate = MailRequest['template'];

/** What became of an email; the projector shows it on the client's profile. */
export interface MailDelivery {
  readonly key: string;
  readonly template: MailTemplate;
  readonly studioId: string;
  readonly clientId: string | null;
  readonly invitationId: string | null;
  readonly status: 'sent' | 'failed';
  readonly attempts: number;
  readonly at: string;
}

/** A client event as published on `events.client.<type>`: the stored event with its place in the order. */
export interface PublishedEvent<T extends string = string, D = unknown> {
  readonly id: string;
  readonly type: T;
  readonly data: D;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: string;
  readonly recordedAt: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

// ---- replaying the event store: rebuilding a read model ---------------------------------------------------

/** A page of the event store in its global, gap-free order, from the registry. `from`: `'0'` (the start) or a `next`. */
export interface ReadEventsBody {
  readonly from: string;
  /** 1 to 1000. */
  readonly limit: number;
}
export interface ReadEventsResult {
  /** Every stream's events (client streams and others, e.g. staff reservations): readers skip what is not theirs. */
  readonly events: readonly PublishedEvent[];
  /** Hand it back as `from` for the next page; equal to `from` when nothing came after it. */
  readonly next: string;
}

/** Starts a rebuild of the projector's client index; answered at once with its status (`running`). */
export interface RebuildClientIndexBody {
  /** Events a page read from the registry, 1 to 1000 (default 250): smaller for large events. */
  readonly pageSize?: number;
}
/** The status of one rebuild, or of the latest when no id is given. */
export interface ClientIndexRebuildStatusBody {
  readonly rebuildId?: string;
}
/** What a finished rebuild did. */
export interface ClientIndexRebuildResult {
  /** Events read into the fresh copy of the index (every stream; only client streams change it). */
  readonly events: number;
  /** Clients in the fresh copy when it was swapped in. */
  readonly clients: number;
  /** Events re-read after the swap, taking in what the live consumer applied meanwhile. */
  readonly caughtUp: number;
  /** Where the rebuild stopped reading the store. */
  readonly position: string;
  readonly durationMs: number;
  readonly eventsPerSecond: number;
}
export interface ClientIndexRebuildStatus {
  readonly rebuildId: string;
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly phase: 'building' | 'swapping' | 'catching-up' | 'done';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Events read so far. */
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly result: ClientIndexRebuildResult | null;
  readonly error: string | null;
}
