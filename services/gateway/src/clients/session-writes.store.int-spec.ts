import { readSettings, systemClock } from '@studio/service-kit';
import { createDatabase, migrate, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { gatewayService } from '../index';
import { SessionWritesStore } from './session-writes.store';

describe('each session’s last write, shared by gateway replicas in PostgreSQL', () => {
  let db: SqlDatabase;
  let drop: () => Promise<void>;
  let replicas: SessionWritesStore[];

  beforeAll(async () => {
    const fresh = await freshDatabase('session_writes');
    drop = fresh.drop;
    db = await createDatabase(fresh.url, { schema: 'gateway' });
    await migrate(db, 'gateway', gatewayService.migrations);
    const settings = readSettings({ DOCUMENTS_URL: fresh.url });
    replicas = [1, 2].map(() => new SessionWritesStore(systemClock, db, settings));
  });

  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('answers on every replica what any of them stored, the later write of a session kept', async () => {
    const [first, second] = replicas as [SessionWritesStore, SessionWritesStore];
    // Concurrent writes go in one statement: two of one session in it, and one of another session.
    await Promise.all([
      first.remember('session-a', { clientId: 'client-1', version: 0 }),
      first.remember('session-a', { clientId: 'client-2', version: 3 }),
      first.remember('session-b', { clientId: 'client-9', version: 1 }),
    ]);
    expect(await second.last('session-a')).toEqual({ clientId: 'client-2', version: 3 });
    expect(await second.last('session-b')).toEqual({ clientId: 'client-9', version: 1 });
    expect(await second.last('session-c')).toBeUndefined();

    await second.remember('session-a', { clientId: 'client-1', version: 1 });
    expect(await first.last('session-a')).toEqual({ clientId: 'client-1', version: 1 });
  });
});
