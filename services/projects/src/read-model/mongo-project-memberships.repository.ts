import type { ClientSession, Collection, Db, MongoClient } from 'mongodb';
import type { ExistingProjectState } from '@studio/project-domain';
import {
  COLLECTIONS,
  guardedWrite,
  isDuplicateKey,
  membershipFilter,
  membershipsOf,
  NEWEST_FIRST,
  pageFilter,
  PROJECT_INDEXES,
  type ProjectDocument,
  toState,
} from './mongo-project-documents';
import {
  foldProjectEvents,
  type FoldResult,
  type Membership,
  type ProjectMembershipsRepository,
  type ProjectPageQuery,
  type ReadModelCopy,
  type VersionedProjectEvent,
} from './project-memberships.repository';

/**
 * The projects read model on MongoDB (docs/adr/0008): a collection of project documents, written with
 * version-guarded upserts; a fold reads and writes its projects in one transaction; a rebuild fills
 * `projects_rebuild`, which `renameCollection` (dropTarget) puts in place of `projects` in one step.
 */
export class MongoProjectMemberships implements ProjectMembershipsRepository {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** With the live collection's indexes made (creating an index that exists changes nothing). */
  static async open(client: MongoClient, db: Db): Promise<MongoProjectMemberships> {
    const repository = new MongoProjectMemberships(client, db);
    await repository.collection('live').createIndexes([...PROJECT_INDEXES]);
    return repository;
  }

  async upsert(copy: ReadModelCopy, states: Iterable<ExistingProjectState>): Promise<number> {
    let changed = 0;
    for (const state of states) if (await this.write(copy, state)) changed++;
    return changed;
  }

  fold(copy: ReadModelCopy, events: readonly VersionedProjectEvent[]): Promise<FoldResult> {
    if (events.length === 0) return Promise.resolve({ changed: 0, behind: new Set() });
    const ids = [...new Set(events.map((e) => e.projectId))];
    // Read, fold and write in one transaction: a concurrent writer of the same project makes one of the two
    // retry (a write conflict is transient, and withTransaction runs the work again).
    return this.client.withSession((session) =>
      session.withTransaction(async () => {
        const stored = await this.collection(copy)
          .find({ _id: { $in: ids } }, { session })
          .toArray();
        const { newer, behind } = foldProjectEvents(new Map(stored.map((d) => [d._id, toState(d)])), events);
        let changed = 0;
        for (const state of newer) if (await this.write(copy, state, session)) changed++;
        return { changed, behind };
      }),
    );
  }

  async get(studioId: string, projectId: string): Promise<ExistingProjectState | undefined> {
    const found = await this.collection('live').findOne({ _id: projectId, studioId });
    return found === null ? undefined : toState(found);
  }

  async list(query: ProjectPageQuery): Promise<ExistingProjectState[]> {
    const found = await this.collection('live')
      .find(pageFilter(query))
      .sort(NEWEST_FIRST)
      .limit(query.limit)
      .toArray();
    return found.map(toState);
  }

  async memberships(studioId: string, clientIds: readonly string[]): Promise<Membership[]> {
    if (clientIds.length === 0) return [];
    const projects = await this.collection('live')
      .find(membershipFilter(studioId, clientIds), { projection: { name: 1, clientIds: 1 } })
      .sort(NEWEST_FIRST)
      .toArray();
    return membershipsOf(projects, clientIds);
  }

  /** The copy gets the live indexes from the start: the documents are few and small. */
  async createShadow(): Promise<void> {
    await this.dropShadow();
    await this.db.createCollection(COLLECTIONS.shadow);
    await this.collection('shadow').createIndexes([...PROJECT_INDEXES]);
  }

  async dropShadow(): Promise<void> {
    await this.collection('shadow')
      .drop()
      .catch((error: unknown) => {
        // NamespaceNotFound: nothing to drop.
        if ((error as { code?: unknown }).code !== 26) throw error;
      });
  }

  /** One rename: readers and writers see the old collection or the new one, never neither. */
  async swapIn(): Promise<number> {
    await this.db.renameCollection(COLLECTIONS.shadow, COLLECTIONS.live, { dropTarget: true });
    return this.collection('live').countDocuments();
  }

  /** True when the document changed; a newer one there already is left as it is. */
  private async write(
    copy: ReadModelCopy,
    state: ExistingProjectState,
    session?: ClientSession,
  ): Promise<boolean> {
    const { filter, update } = guardedWrite(state);
    const collection = this.collection(copy);
    try {
      const result = await collection.updateOne(filter, update, {
        upsert: true,
        ...(session === undefined ? {} : { session }),
      });
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      // In a transaction an error must end it (the driver retries or gives up); the fold read the document
      // there, so only a concurrent writer, a transient conflict, can get in its way.
      if (session !== undefined || !isDuplicateKey(error)) throw error;
      // The document is there: newer (nothing to do), or inserted by another writer a moment ago and older
      // (then the guarded update takes it).
      const again = await collection.updateOne(filter, update);
      return again.modifiedCount > 0;
    }
  }

  private collection(copy: ReadModelCopy): Collection<ProjectDocument> {
    return this.db.collection<ProjectDocument>(COLLECTIONS[copy]);
  }
}
