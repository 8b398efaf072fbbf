/** The tables a fold writes into: the live index, or the fresh copy a rebuild fills beside it. */
export interface IndexTarget {
  /** One row per client. */
  readonly table: 'client_index' | 'client_index_rebuild';
  /** Clients per studio and access: the tabs' counts, kept with the rows so a list never counts a studio. */
  readonly counts: 'client_counts' | 'client_counts_rebuild';
  /** The row of `projector_checkpoint` that moves with it. */
  readonly checkpoint: string;
}

export const LIVE_INDEX: IndexTarget = {
  table: 'client_index',
  counts: 'client_counts',
  checkpoint: 'client-index',
};

export const SHADOW_INDEX: IndexTarget = {
  table: 'client_index_rebuild',
  counts: 'client_counts_rebuild',
  checkpoint: 'client-index-rebuild',
};
