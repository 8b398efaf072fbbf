import { request } from './request';
import type {
  Acceptance,
  Client,
  ClientPage,
  ClientProfile,
  ClientQuery,
  HistoryEntry,
  InvitationDraft,
  InvitationPreview,
  Me,
  NewClient,
  NewStudio,
  Project,
  ProjectPage,
  Session,
  Studio,
} from './types';

/*
 * Every operation of API.md the web uses, one function each: the surface libs/api-client will replace.
 * Path segments from the user (slugs, ids, tokens) are always encoded.
 */
const seg = encodeURIComponent;
const V1 = '/api/v1';

// ---- studios and sessions ----
export const createStudio = (body: NewStudio) =>
  request<{ studio: Studio; session: Session }>('POST', `${V1}/studios`, { body });

export const signIn = (slug: string, body: { email: string; password: string }) =>
  request<Session>('POST', `${V1}/studios/${seg(slug)}/sessions`, { body });

export const signOut = () => request<undefined>('DELETE', `${V1}/sessions/current`);

export const getMe = (signal?: AbortSignal) => request<Me>('GET', `${V1}/me`, { signal });

// ---- password resets and invitations (public, by token) ----
export const requestPasswordReset = (slug: string, email: string) =>
  request<undefined>('POST', `${V1}/studios/${seg(slug)}/password-resets`, { body: { email } });

export const resetPassword = (token: string, password: string) =>
  request<undefined>('POST', `${V1}/password-resets/${seg(token)}`, { body: { password } });

/** The studio owner's address, from the link sent at sign-up; opening it again answers the same. */
export const verifyEmail = (token: string, signal?: AbortSignal) =>
  request<undefined>('POST', `${V1}/email-verifications/${seg(token)}`, { signal });

export const getInvitation = (token: string, signal?: AbortSignal) =>
  request<InvitationPreview>('GET', `${V1}/invitations/${seg(token)}`, { signal });

/**
 * `attempt`: the Idempotency-Key of this acceptance, the same for a retry, so an answer the network lost comes
 * again instead of `invitation-used`.
 */
export const acceptInvitation = (token: string, password: string, attempt: string) =>
  request<Acceptance>('POST', `${V1}/invitations/${seg(token)}/acceptance`, {
    body: { password },
    headers: { 'idempotency-key': attempt },
  });

// ---- clients (staff) ----
export const listClients = (query: ClientQuery, signal?: AbortSignal) =>
  request<ClientPage>('GET', `${V1}/clients`, { query: { ...query }, signal });

export const getClient = (id: string, signal?: AbortSignal) =>
  request<Client>('GET', `${V1}/clients/${seg(id)}`, { signal });

export const addClient = (body: NewClient) => request<Client>('POST', `${V1}/clients`, { body });

/** `version` is the one the form was filled from: a change by someone else in between answers 412. */
export const updateClient = (id: string, patch: Partial<ClientProfile>, version: number) =>
  request<Client>('PATCH', `${V1}/clients/${seg(id)}`, {
    body: patch,
    headers: { 'if-match': `"${version}"` },
  });

export const getInvitationDraft = (id: string, signal?: AbortSignal) =>
  request<InvitationDraft>('GET', `${V1}/clients/${seg(id)}/invitation/draft`, { signal });

export const sendInvitation = (id: string, message: string) =>
  request<Client>('POST', `${V1}/clients/${seg(id)}/invitation`, { body: { message } });

export const resendInvitation = (id: string) =>
  request<Client>('POST', `${V1}/clients/${seg(id)}/invitation/resend`);

export const revokeInvitation = (id: string) =>
  request<Client>('DELETE', `${V1}/clients/${seg(id)}/invitation`);

export const deactivateClient = (id: string) =>
  request<Client>('POST', `${V1}/clients/${seg(id)}/deactivation`);

export const getClientHistory = (id: string, signal?: AbortSignal) =>
  request<{ events: readonly HistoryEntry[] }>('GET', `${V1}/clients/${seg(id)}/history`, { signal });

// ---- projects (staff) ----
export const listProjects = (
  query: { clientId?: string; limit?: number; cursor?: string },
  signal?: AbortSignal,
) => request<ProjectPage>('GET', `${V1}/projects`, { query, signal });

export const createProject = (name: string) => request<Project>('POST', `${V1}/projects`, { body: { name } });

export const renameProject = (id: string, name: string) =>
  request<Project>('PATCH', `${V1}/projects/${seg(id)}`, { body: { name } });

export const addClientToProject = (projectId: string, clientId: string) =>
  request<undefined>('PUT', `${V1}/projects/${seg(projectId)}/clients/${seg(clientId)}`);

export const removeClientFromProject = (projectId: string, clientId: string) =>
  request<undefined>('DELETE', `${V1}/projects/${seg(projectId)}/clients/${seg(clientId)}`);
