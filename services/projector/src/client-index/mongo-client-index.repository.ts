import type { ClientSession, Collection, Db, MongoClient } from 'mongodb';
import type { ClientIndexDifference, ClientRecord, Delivery } from '@studio/contracts';
import { differingFields, pick, SHOWN } from '../rebuild/index-compare';
import { foldClients, type IndexChange } from './client-fold';
import type {
  Checkpoint,
  ClientIndexRepository,
  ClientPage,
  ClientPageQuery,
  Comparison,
  DeliveryReport,
  IndexCopy,
} from './client-index.repository';
import { toClientDto } from './client-row';
import {
  CHECKPOINT_ID,
  type CheckpointDocument,
  CLIENT_INDEXES,
  type ClientDocument,
  CLIENTS_ONLY,
  checkpointUpdate,
  clientWrite,
  COLLECTIONS,
  countChanges,
  type CountDocument,
  countsFilter,
  DELIVERIES,
  type DeliveryDocument,
  deliverySync,
  pageFilter,
  pageSort,
  sortKeyOf,
  toCounts,
} from './mongo-client-documents';

/**
 * The client index on MongoDB (docs/adr/0008). A fold reads the clients it touches, folds them, and writes them
 * with the tabs' counts and the checkpoint in one transaction (a one-node replica set will do); each client
 * write also matches only a document older than its version. A rebuild fills `client_index_rebuild`, which one
 * `renameCollection` (dropTarget) puts in place of `client_index`, counts and checkpoint included.
 */
export class MongoClientIndex implements ClientIndexRepository {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** With the live collection's indexes made (creating an index that exists changes nothing). */
  static async open(client: MongoClient, db: Db): Promise<MongoClientIndex> {
    const index = new MongoClientIndex(client, db);
    await index.clients('live').createIndexes([...CLIENT_INDEXES]);
    return index;
  }

  fold(
    copy: IndexCopy,
    changes: readonly IndexChange[],
    mayHave: (clientId: string) => boolean = () => true,
  ): Promise<boolean[]> {
    if (changes.length === 0) return Promise.resolve([]);
    const ids = [...new Set(changes.map((change) => change.event.data.clientId))].filter(mayHave);
    return this.transaction(async (session) => {
      const stored =
        ids.length === 0
          ? []
          : await this.clients(copy)
              .find(
                { _id: { $in: ids } },
                { session, projection: { state: 1, delivery: 1, invitationId: 1 } },
              )
              .toArray();
      const { applied, dirty, last } = foldClients(
        stored.map((doc) => ({
          clientId: doc._id,
          state: doc.state,
          delivery: doc.delivery,
          invitationId: doc.invitationId,
        })),
        changes,
      );
      if (dirty.length === 0 || last === undefined) return applied;
      const invitations = dirty.flatMap((row) => row.state.invitation?.invitationId ?? []);
      const reported = new Map<string, Delivery>(
        invitations.length === 0
          ? []
          : (
              await this.deliveries()
                .find({ _id: { $in: invitations } }, { session })
                .toArray()
            ).map((d) => [d._id, d.status]),
      );
      await this.clients(copy).bulkWrite(
        dirty.map((row) => clientWrite(row, reported)),
        { session, ordered: true },
      );
      const counts = countChanges(dirty);
      if (counts.length > 0) await this.counts(copy).bulkWrite(counts, { session, ordered: true });
      await this.checkpoints(copy).updateOne(
        { _id: CHECKPOINT_ID },
        checkpointUpdate(last.position, applied.filter(Boolean).length, new Date()),
        { session, upsert: true },
      );
      return applied;
    });
  }

  async recordDelivery({
    invitationId,
    studioId,
    status,
    at,
  }: DeliveryReport & { invitationId: string }): Promise<void> {
    const when = new Date(at);
    const filter = { _id: invitationId, at: { $lte: when } };
    const update = { $set: { status, at: when } };
    try {
      // Kept only over an older report; a newer one there makes the upsert's insert fail on _id.
      await this.deliveries().updateOne(filter, update, { upsert: true });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      // Newer (left as is), or another report's insert a moment ago, older: then the guarded update takes it.
      await this.deliveries().updateOne(filter, update);
    }
    // What is kept now, onto the clients of that invitation: in a transaction, so a fold or another report
    // writing the same client meanwhile makes one of them run again.
    await this.transaction(async (session) => {
      const kept = await this.deliveries().findOne({ _id: invitationId }, { session });
      if (kept !== null)
        await this.clients('live').updateMany(
          { invitationId, studioId },
          { $set: { delivery: kept.status } },
          { session },
        );
    });
  }

  async get(studioId: string, clientId: string): Promise<ClientRecord | undefined> {
    const found = await this.clients('live').findOne(
      { _id: clientId, studioId },
      { projection: { state: 1, delivery: 1 } },
    );
    return found === null ? undefined : toClientDto(found);
  }

  async version(studioId: string, clientId: string): Promise<number | undefined> {
    const found = await this.clients('live').findOne(
      { _id: clientId, studioId },
      { projection: { version: 1 } },
    );
    return found?.version;
  }

  async page(query: ClientPageQuery): Promise<ClientPage> {
    const [found, counts, version] = await Promise.all([
      this.clients('live').find(pageFilter(query)).sort(pageSort(query.sort)).limit(query.limit).toArray(),
      this.counts('live').find(countsFilter(query.studioId)).toArray(),
      query.versionOf === undefined ? undefined : this.version(query.studioId, query.versionOf),
    ]);
    return {
      rows: found.map((doc) => ({
        clientId: doc._id,
        record: toClientDto(doc),
        sortKey: sortKeyOf(doc, query.sort),
      })),
      counts: toCounts(counts),
      version,
    };
  }

  async checkpoint(copy: IndexCopy): Promise<Checkpoint | undefined> {
    const found = await this.checkpoints(copy).findOne({ _id: CHECKPOINT_ID });
    return found === null ? undefined : { position: found.position, events: found.events };
  }

  /** Without secondary indexes: they are built once the copy is filled, faster than kept up document by document. */
  async createShadow(): Promise<void> {
    await this.dropShadow();
    await this.db.createCollection(COLLECTIONS.shadow);
  }

  async dropShadow(): Promise<void> {
    await this.clients('shadow')
      .drop()
      .catch((error: unknown) => {
        // NamespaceNotFound: nothing to drop.
        if ((error as { code?: unknown }).code !== 26) throw error;
      });
  }

  async indexShadow(): Promise<void> {
    await this.clients('shadow').createIndexes([...CLIENT_INDEXES]);
  }

  countShadow(): Promise<number> {
    return this.clients('shadow').countDocuments(CLIENTS_ONLY);
  }

  /**
   * The copy's deliveries first (as a swap gives them), then both collections walked in id order side by side;
   * then the counts.
   */
  async compareWithLive(): Promise<Comparison> {
    await this.syncDeliveries('shadow');
    const walk = (copy: IndexCopy) =>
      this.clients(copy).find(CLIENTS_ONLY).sort({ _id: 1 })[Symbol.asyncIterator]();
    const live = walk('live');
    const rebuilt = walk('shadow');
    const shown: ClientIndexDifference[] = [];
    let count = 0;
    let l = await live.next();
    let r = await rebuilt.next();
    while (!l.done || !r.done) {
      const a = l.done ? undefined : (l.value as unknown as Record<string, unknown> & ClientDocument);
      const b = r.done ? undefined : (r.value as unknown as Record<string, unknown> & ClientDocument);
      const order = a === undefined ? 1 : b === undefined ? -1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
      const left = order <= 0 ? a : undefined;
      const right = order >= 0 ? b : undefined;
      const fields = differingFields(left ?? null, right ?? null);
      if (fields.length > 0) {
        count++;
        if (shown.length < SHOWN)
          shown.push({
            clientId: (left ?? right)!._id,
            kind: difference(left, right),
            fields,
            live: left ? pick(left, fields) : null,
            rebuilt: right ? pick(right, fields) : null,
          });
      }
      if (order <= 0) l = await live.next();
      if (order >= 0) r = await rebuilt.next();
    }
    const countsOf = async (copy: IndexCopy) =>
      new Map(
        (
          await this.counts(copy)
            .find({ count: { $exists: true } })
            .toArray()
        ).map((doc) => [`${doc._id.studio}/${doc._id.access}`, doc.count]),
      );
    const [liveCounts, rebuiltCounts] = await Promise.all([countsOf('live'), countsOf('shadow')]);
    const tabs = [...new Set([...liveCounts.keys(), ...rebuiltCounts.keys()])].sort();
    for (const tab of tabs) {
      const before = liveCounts.get(tab) ?? 0;
      const after = rebuiltCounts.get(tab) ?? 0;
      if (before === after) continue;
      count++;
      if (shown.length < SHOWN)
        shown.push({
          clientId: null,
          kind: 'count',
          fields: [tab],
          live: { count: before },
          rebuilt: { count: after },
        });
    }
    return { count, shown };
  }

  /**
   * The copy, with the deliveries reported while it was filled, renamed over the live collection (rows, counts
   * and checkpoint in one step); the deliveries again after it, for a report that reached the old collection
   * between the two.
   */
  async swapIn(): Promise<number> {
    await this.syncDeliveries('shadow');
    await this.db.renameCollection(COLLECTIONS.shadow, COLLECTIONS.live, { dropTarget: true });
    await this.syncDeliveries('live');
    return this.clients('live').countDocuments(CLIENTS_ONLY);
  }

  private async syncDeliveries(copy: IndexCopy): Promise<void> {
    await this.clients(copy).aggregate(deliverySync(COLLECTIONS[copy])).toArray();
  }

  private transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.client.withSession((session) => session.withTransaction(() => work(session)));
  }

  private clients(copy: IndexCopy): Collection<ClientDocument> {
    return this.db.collection<ClientDocument>(COLLECTIONS[copy]);
  }

  private counts(copy: IndexCopy): Collection<CountDocument> {
    return this.db.collection<CountDocument>(COLLECTIONS[copy]);
  }

  private checkpoints(copy: IndexCopy): Collection<CheckpointDocument> {
    return this.db.collection<CheckpointDocument>(COLLECTIONS[copy]);
  }

  private deliveries(): Collection<DeliveryDocument> {
    return this.db.collection<DeliveryDocument>(DELIVERIES);
  }
}

/** Why a row differs: `behind`, the live row has an older version; `ahead`, the copy has not read it yet. */
function difference(
  live: ClientDocument | undefined,
  rebuilt: ClientDocument | undefined,
): ClientIndexDifference['kind'] {
  if (live === undefined) return 'missing';
  if (rebuilt === undefined) return 'extra';
  if (live.version < rebuilt.version) return 'behind';
  if (live.version > rebuilt.version) return 'ahead';
  return 'different';
}
