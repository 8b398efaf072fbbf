/**
 * When a client's credential becomes (or stops being) the account's password, decided from the client stream's
 * versions, never from clocks. Identity consumes a client's events in their order, so a credential still staged
 * for an invitation means identity has not yet seen that invitation's ClientActivated, and hence no event after
 * it either.
 */

/** What identity knows of a client's account. */
export interface ClientLifecycle {
  readonly active: boolean;
  /** The invitation whose credential the account holds; null for an account activated before versions were kept. */
  readonly activatedBy: string | null;
  /** The version of that invitation's ClientActivated; null until identity has consumed it. */
  readonly activatedVersion: number | null;
  /** The version of the last client event applied to the account. */
  readonly clientVersion: number;
  readonly activatedAt: Date;
}

interface WithLifecycle {
  readonly lifecycle: ClientLifecycle;
}
interface StagedFor {
  readonly invitationId: string;
}

/**
 * An activate request (sent once the registry accepted `invitationId`): `confirm` the credential already
 * promoted for it, `promote` the one staged for it, or refuse. An account deactivated after that activation
 * stays disabled: the deactivation is the later truth.
 */
export type ActivateStep<A, S> =
  | { readonly kind: 'confirm'; readonly account: A }
  | { readonly kind: 'promote'; readonly staged: S }
  | { readonly kind: 'refuse'; readonly code: 'invitation-revoked' | 'invitation-used' };

export function activateStep<A extends WithLifecycle, S extends StagedFor>(
  invitationId: string,
  account: A | null,
  staged: S | null,
): ActivateStep<A, S> {
  if (account?.lifecycle.activatedBy === invitationId) {
    return account.lifecycle.active
      ? { kind: 'confirm', account }
      : { kind: 'refuse', code: 'invitation-revoked' };
  }
  if (staged?.invitationId === invitationId) return { kind: 'promote', staged };
  return { kind: 'refuse', code: 'invitation-used' };
}

/**
 * A ClientActivated at `version`: `skip` one already applied; `promote` the credential staged for it; else
 * `record` its version (the account may hold its credential already, promoted by an activate request, or there
 * may be no credential for it at all).
 */
export type ActivatedStep<S> =
  { readonly kind: 'skip' } | { readonly kind: 'record' } | { readonly kind: 'promote'; readonly staged: S };

export function activatedStep<S extends StagedFor>(
  event: { readonly invitationId: string; readonly version: number },
  account: WithLifecycle | null,
  staged: S | null,
): ActivatedStep<S> {
  if (account && account.lifecycle.clientVersion >= event.version) return { kind: 'skip' };
  const promoted = account?.lifecycle.activatedBy === event.invitationId;
  if (!promoted && staged?.invitationId === event.invitationId) return { kind: 'promote', staged };
  return { kind: 'record' };
}

/**
 * Whether a ClientDeactivated at `version` disables the account: only if it came after the activation whose
 * credential the account holds. An activation identity has not consumed yet (activatedVersion null) is later
 * than every event consumed so far. An account activated before versions were kept falls back to its time.
 */
export function deactivationDisables(
  event: { readonly version: number; readonly at: Date },
  { lifecycle }: WithLifecycle,
): boolean {
  if (lifecycle.clientVersion >= event.version) return false;
  if (lifecycle.activatedBy === null) return lifecycle.activatedAt.getTime() <= event.at.getTime();
  return lifecycle.activatedVersion !== null && lifecycle.activatedVersion < event.version;
}
