/*
 * The gateway's shapes, as API.md writes them. Only this folder knows the HTTP contract; the pages use these
 * types and the functions of `studio-api.ts` (to be replaced by libs/api-client when it lands).
 */

export type Access = 'Inactive' | 'Invited' | 'Active';
export type PrincipalKind = 'staff' | 'client';

export interface Principal {
  readonly kind: PrincipalKind;
  readonly id: string;
  readonly studioId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly principal: Principal;
}

export interface Studio {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
}

export interface ProjectRef {
  readonly id: string;
  readonly name: string;
}

export interface Me {
  readonly principal: Principal;
  readonly studio: Studio;
  readonly projects: readonly ProjectRef[];
}

export interface NewStudio {
  readonly name: string;
  readonly slug: string;
  readonly owner: {
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
    readonly password: string;
  };
}

export interface Invitation {
  readonly status: 'pending' | 'expired';
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly delivery: 'pending' | 'sent' | 'failed';
}

export interface Client {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly type: string | null;
  readonly source: string | null;
  readonly tags: readonly string[];
  readonly access: Access;
  readonly invitation: Invitation | null;
  readonly createdAt: string;
  readonly activatedAt: string | null;
  readonly version: number;
  /** The projects the client is in (kept when the client is deactivated). */
  readonly projects: readonly ProjectRef[];
}

export interface ClientProfile {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly type?: string | null;
  readonly source?: string | null;
  readonly tags?: readonly string[];
}

export type NewClient = ClientProfile & { readonly invite?: { readonly message?: string } };

export type ClientSort = 'lastName' | '-lastName' | 'firstName' | 'email' | 'createdAt' | '-createdAt';

export interface ClientQuery {
  readonly q?: string;
  readonly access?: Access;
  readonly type?: string;
  readonly source?: string;
  readonly tag?: string;
  readonly sort?: ClientSort;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ClientPage {
  readonly items: readonly Client[];
  readonly nextCursor: string | null;
  readonly counts: Readonly<Record<Access, number>>;
}

export interface InvitationDraft {
  readonly subject: string;
  readonly message: string;
}

export interface HistoryEntry {
  readonly type: string;
  readonly at: string;
  readonly by: unknown;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface InvitationPreview {
  readonly studio: { readonly name: string; readonly slug: string };
  readonly client: { readonly firstName: string; readonly email: string };
  readonly expiresAt: string;
}

export type Acceptance = Session & { readonly redirectTo: string };

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly clientIds: readonly string[];
  readonly createdAt: string;
  readonly version: number;
}

export interface ProjectPage {
  readonly items: readonly Project[];
  readonly nextCursor: string | null;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}
