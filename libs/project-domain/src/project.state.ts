export interface InitialProjectState {
  readonly kind: 'initial';
  readonly version: -1;
}

export interface ExistingProjectState {
  readonly kind: 'existing';
  readonly studioId: string;
  readonly projectId: string;
  readonly name: string;
  /** In the order they were added. */
  readonly clientIds: readonly string[];
  readonly createdAt: string;
  /** The stream version: events applied − 1. */
  readonly version: number;
}

export type ProjectState = InitialProjectState | ExistingProjectState;

// Typed as the union so `events.reduce(evolve, initialProjectState)` infers ProjectState.
export const initialProjectState: ProjectState = { kind: 'initial', version: -1 };
