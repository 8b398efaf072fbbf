/** The registry and the projects service in process on a fresh PostgreSQL database: what the int-specs drive. */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Actor,
  type ClientRecord,
  type ClientWriteResult,
  type ProjectDto,
  type ProjectWriteResult,
  RequestSubject,
} from '@studio/contracts';
import { createEventStore, type EventStore, eventStoreOn } from '@studio/event-store';
// Adding a client asks the registry: the service is tested against the registry itself.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a test may run two services; their code may not.
import { clientRegistryService } from '@studio/service-client-registry';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, PgliteDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectsService } from '../index';

export const STUDIO_A = 'studio-a';
export const STUDIO_B = 'studio-b';
export const staffOf = (studioId: string): Actor => ({ kind: 'staff', id: `staff-${studioId}`, studioId });

export class ProjectsHarness {
  private constructor(
    readonly system: InProcessSystem,
    /** The projects service's own database (its schema). */
    readonly db: SqlDatabase,
    /** The shared event store, as a crash between an append and its read-model write would leave it. */
    readonly store: EventStore,
    private readonly close: () => Promise<void>,
  ) {}

  /** On PostgreSQL (a fresh database), or on PGlite in memory as the embedded mode runs (one connection). */
  static async start(backbone: 'postgres' | 'pglite' = 'postgres'): Promise<ProjectsHarness> {
    return backbone === 'postgres' ? ProjectsHarness.onPostgres() : ProjectsHarness.onPglite();
  }

  private static async onPostgres(): Promise<ProjectsHarness> {
    const fresh = await freshDatabase('projects');
    const dbs = new Map<string, SqlDatabase>();
    const system = await startInProcess([clientRegistryService, projectsService], {
      env: {},
      databaseFor: async (name) => {
        const db = await createDatabase(fresh.url, { schema: name.replace(/-/g, '_') });
        dbs.set(name, db);
        return db;
      },
      openEventStore: () => createEventStore(fresh.url),
    });
    const store = await createEventStore(fresh.url);
    const close = async () => {
      await system.stop();
      await store.close();
      await Promise.all([...dbs.values()].map((db) => db.close()));
      await fresh.drop();
    };
    return new ProjectsHarness(system, dbs.get('projects')!, store, close);
  }

  private static async onPglite(): Promise<ProjectsHarness> {
    const local = await PgliteDatabase.open();
    // One store for both services, as the embedded mode shares it.
    const store = eventStoreOn(local.scoped('event_store'));
    const system = await startInProcess([clientRegistryService, projectsService], {
      env: {},
      databaseFor: async (name) => local.scoped(name.replace(/-/g, '_')),
      openEventStore: async () => store,
    });
    const close = async () => {
      await system.stop();
      await local.close();
    };
    return new ProjectsHarness(system, local.scoped('projects'), store, close);
  }

  stop(): Promise<void> {
    return this.close();
  }

  request<V>(subject: string, body: unknown, studioId = STUDIO_A): Promise<V> {
    return this.system.hub.request<V>(subject, body, { actor: staffOf(studioId) });
  }

  async create(name = 'Loft renovation', studioId = STUDIO_A): Promise<ProjectDto> {
    const { project } = await this.request<ProjectWriteResult>(
      RequestSubject.createProject,
      { studioId, name },
      studioId,
    );
    return project;
  }

  async addClient(studioId = STUDIO_A): Promise<ClientRecord> {
    const { client } = await this.request<ClientWriteResult>(
      RequestSubject.addClient,
      {
        studioId,
        profile: { firstName: 'Ana', lastName: 'Silva', email: `${randomUUID().slice(0, 8)}@example.com` },
        invite: null,
      },
      studioId,
    );
    return client;
  }

  member(subject: string, project: ProjectDto, clientId: string, studioId = STUDIO_A) {
    return this.request<ProjectWriteResult>(subject, { studioId, projectId: project.id, clientId }, studioId);
  }

  get(projectId: string, studioId = STUDIO_A): Promise<ProjectDto> {
    return this.request<ProjectDto>(RequestSubject.getProject, { studioId, projectId }, studioId);
  }
}

/** Polls `probe` until it holds (the durable consumer works in the background), for up to ten seconds. */
export async function eventually<T>(probe: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (holds(value) || Date.now() > until) return value;
    await sleep(50);
  }
}
