/** The tables a write goes to: the live read model, or the fresh copy a rebuild fills beside it. */
export interface ReadModelTarget {
  readonly projects: 'projects' | 'projects_rebuild';
  readonly members: 'project_members' | 'project_members_rebuild';
}

export const LIVE: ReadModelTarget = { projects: 'projects', members: 'project_members' };
export const SHADOW: ReadModelTarget = { projects: 'projects_rebuild', members: 'project_members_rebuild' };
