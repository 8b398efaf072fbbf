/**
 * The project decider (SPEC §1 "Projects"): `decide` turns a command and the current state into new events, or
 * refuses with a Problem carrying the API.md code; `evolve` (project.evolve.ts) folds events into state.
 * Pure: no I/O, no clock, no id generation.
 */
import { parseProjectName, Problem, type ProjectEvent } from '@studio/contracts';
import type { ProjectCommand, ProjectCommandBase } from './project.commands';
import type { ExistingProjectState, ProjectState } from './project.state';

/** @throws Problem (a refusal): nothing must be appended then. An empty array is a no-op (still a success). */
export function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  const { data } = command;
  switch (command.type) {
    case 'CreateProject':
      // Ids are minted fresh per create: a stream that exists already is a repeated command, a conflict.
      if (state.kind !== 'initial') throw Problem.of('conflict', 'the project exists already');
      return [{ type: 'ProjectCreated', data: { ...stamp(data), name: validName(command.data.name) } }];
    case 'RenameProject': {
      const project = visible(state, data.studioId);
      const name = validName(command.data.name);
      if (name === project.name) return [];
      return [{ type: 'ProjectRenamed', data: { ...stamp(data), name } }];
    }
    case 'AddClientToProject': {
      const { clientId, clientInStudio } = command.data;
      const project = visible(state, data.studioId);
      if (!clientInStudio) throw Problem.of('client-not-found');
      if (project.clientIds.includes(clientId)) return [];
      return [{ type: 'ClientAddedToProject', data: { ...stamp(data), clientId } }];
    }
    case 'RemoveClientFromProject': {
      const { clientId } = command.data;
      if (!visible(state, data.studioId).clientIds.includes(clientId)) return [];
      return [{ type: 'ClientRemovedFromProject', data: { ...stamp(data), clientId } }];
    }
  }
}

/** Another studio's project does not exist for this one (404, never 403: ids must not leak). */
export function visible(state: ProjectState, studioId: string): ExistingProjectState {
  if (state.kind === 'initial' || state.studioId !== studioId) throw Problem.of('project-not-found');
  return state;
}

function validName(raw: string): string {
  const result = parseProjectName(raw);
  if (!result.ok) throw Problem.of('validation-failed', 'the name is not valid', result.errors);
  return result.value;
}

/** The fields every event of the decision shares. */
function stamp({ studioId, projectId, now, by }: ProjectCommandBase) {
  return { studioId, projectId, at: now.toISOString(), by };
}
