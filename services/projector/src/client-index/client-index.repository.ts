/**
 * The port of the client index (one row per client, the folded client in it, and the tabs' counts kept with the
 * rows), with the checkpoint of its consumer: what the projector's consumer, its readers and a rebuild need of
 * a store. Adapters: SQL (PostgreSQL, PGlite) and MongoDB; one contract suite (client-index.contract.ts) runs
 * both.
 */
import type {
  Access,
  ClientIndexDifference,
  ClientRecord,
  ClientSort,
  MailDelivery,
} from '@studio/contracts';
import type { IndexChange } from './client-fold';
import type { Cursor } from './cursor';

/** The live index, or the fresh copy a rebuild fills beside it. */
export type IndexCopy = 'live' | 'shadow';

/** A page of the list, its filters already checked and normalised (trimmed, lower case) by the reader. */
export interface ClientPageQuery {
  readonly studioId: string;
  readonly sort: ClientSort;
  /** Rows to answer at most. */
  readonly limit: number;
  /** A prefix of the first name, the last name, the full name or the email (lower case, NFC). */
  readonly q?: string;
  readonly access?: Access;
  readonly type?: string;
  readonly source?: string;
  readonly tag?: string;
  /** Rows after this one in the sort's order. */
  readonly cursor?: Cursor;
  /** The client whose version comes back with the page (a session reading its own write). */
  readonly versionOf?: string;
}

export interface ClientPageRow {
  readonly clientId: string;
  readonly record: ClientRecord;
  /** The row's key in the sort, as text (a time as ISO 8601): what a cursor carries. */
  readonly sortKey: string;
}

export interface ClientPage {
  readonly rows: readonly ClientPageRow[];
  /** Per access, for the whole studio whatever the filters. */
  readonly counts: Record<Access, number>;
  /** The version of `versionOf`'s row, if asked for and there. */
  readonly version: number | undefined;
}

export interface Checkpoint {
  readonly position: string;
  /** Events applied in all. */
  readonly events: number;
}

export interface Comparison {
  /** Rows (and studio counts) that differ, in all. */
  readonly count: number;
  readonly shown: readonly ClientIndexDifference[];
}

/** Where an invitation email went: what `recordDelivery` needs of a MailDelivery. */
export type DeliveryReport = Pick<MailDelivery, 'invitationId' | 'clientId' | 'studioId' | 'status' | 'at'>;

export interface ClientIndexRepository {
  /**
   * Folds a batch of events into `copy` (foldClients on what is stored), with the tabs' counts and the
   * checkpoint, atomically: a row is written only over the version it was read at, so a redelivery or two folds
   * of one client at once never count a change twice. Answers, per change, whether it applied. `mayHave`: the
   * clients the copy can have rows of (a rebuild's fresh copy knows); the others are not read.
   */
  fold(
    copy: IndexCopy,
    changes: readonly IndexChange[],
    mayHave?: (clientId: string) => boolean,
  ): Promise<boolean[]>;
  /** Keeps the latest report of an invitation: the client whose current invitation it is shows it. */
  recordDelivery(report: DeliveryReport & { readonly invitationId: string }): Promise<void>;
  get(studioId: string, clientId: string): Promise<ClientRecord | undefined>;
  /** The version of the client's row; undefined when it has none. */
  version(studioId: string, clientId: string): Promise<number | undefined>;
  page(query: ClientPageQuery): Promise<ClientPage>;
  checkpoint(copy: IndexCopy): Promise<Checkpoint | undefined>;
  /** An empty copy (no secondary index yet), replacing what a failed rebuild left. */
  createShadow(): Promise<void>;
  dropShadow(): Promise<void>;
  /** Builds the copy's indexes once it is filled. */
  indexShadow(): Promise<void>;
  /** Clients in the copy. */
  countShadow(): Promise<number>;
  /** The copy against the live index, row by row and count by count. */
  compareWithLive(): Promise<Comparison>;
  /**
   * Puts the copy (rows, counts and checkpoint) in place of the live index at once; answers its number of
   * clients.
   */
  swapIn(): Promise<number>;
}

export const CLIENT_INDEX = Symbol('ClientIndexRepository');
