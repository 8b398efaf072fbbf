/**
 * Commands of the project decider. Ids and the time come in (the caller mints and reads them), so `decide`
 * stays pure and replayable.
 */
import type { ActorRef } from '@studio/contracts';

export interface ProjectCommandBase {
  readonly studioId: string;
  readonly projectId: string;
  readonly now: Date;
  readonly by: ActorRef;
}

type CommandShape<T extends string, D = unknown> = {
  readonly type: T;
  readonly data: ProjectCommandBase & D;
};

/** `name` as typed: the decider trims and checks it. */
export type CreateProject = CommandShape<'CreateProject', { readonly name: string }>;

export type RenameProject = CommandShape<'RenameProject', { readonly name: string }>;

/**
 * `clientInStudio`: whether the client registry knows `clientId` as a client of `studioId` (asked by the
 * caller before deciding: a client of another studio, or none, cannot be added).
 */
export type AddClientToProject = CommandShape<
  'AddClientToProject',
  { readonly clientId: string; readonly clientInStudio: boolean }
>;

export type RemoveClientFromProject = CommandShape<'RemoveClientFromProject', { readonly clientId: string }>;

export type ProjectCommand = CreateProject | RenameProject | AddClientToProject | RemoveClientFromProject;
