import type { PublishedEvent } from '@studio/contracts';
import { createDatabase, migrate, type SqlDatabase, type SqlExecutor, type SqlStatement } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { projectorMigrations } from '../projector.migrations';
import { aClientStream } from '../testing/published-events.builders';
import { clientEventOf } from './client-projection';
import type { IndexChange } from './client-fold';
import { foldInto } from './index-fold';
import { LIVE_INDEX } from './index-target';
import { SqlClientIndex } from './sql-client-index.repository';

const STUDIO = 'studio-a';
const changesOf = (...events: PublishedEvent[]): IndexChange[] =>
  events.map((published) => ({ published, event: clientEventOf(published)! }));

/**
 * Two folds of one client at once, as when a rebuild catches up beside the live consumer: the second one read
 * the row before the first wrote it. Its write must not count the client's change a second time.
 */
describe('folding into the client index while another fold writes the same client', () => {
  let db: SqlDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('index_fold');
    drop = fresh.drop;
    db = await createDatabase(fresh.url, { schema: 'projector' });
    await migrate(db, 'projector', projectorMigrations);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  /** The database, but the first fold write waits for `meanwhile` to run first: a race, made certain. */
  const racing = (meanwhile: () => Promise<void>): SqlExecutor => {
    let raced = false;
    return {
      query: async <R>(sql: string | SqlStatement, params?: readonly unknown[]) => {
        if (!raced && typeof sql !== 'string' && sql.name.endsWith('fold-write')) {
          raced = true;
          await meanwhile();
        }
        return db.query<R>(sql, params);
      },
      exec: (sql: string) => db.exec(sql),
    };
  };

  const counts = async () =>
    (
      await db.query<{ access: string; count: number }>(
        'SELECT access, count FROM client_counts WHERE studio_id = $1 AND count <> 0 ORDER BY access',
        [STUDIO],
      )
    ).rows;

  it('counts an added client once when a second fold adds it meanwhile', async () => {
    const stream = aClientStream(STUDIO);
    const added = stream.added();
    const invited = stream.invited('inv-1');
    await foldInto(
      racing(() => foldInto(db, LIVE_INDEX, changesOf(added)).then(() => undefined)),
      LIVE_INDEX,
      changesOf(added, invited),
    );
    const { rows } = await db.query<{ version: number; access: string }>(
      'SELECT version, access FROM client_index WHERE client_id = $1',
      [stream.clientId],
    );
    expect(rows).toEqual([{ version: 1, access: 'Invited' }]);
    expect(await counts()).toEqual([{ access: 'Invited', count: 1 }]);
  });

  it("counts a client's change once when a second fold changes it meanwhile", async () => {
    const stream = aClientStream(STUDIO);
    const added = stream.added();
    await foldInto(db, LIVE_INDEX, changesOf(added));
    const invited = stream.invited('inv-2');
    const activated = stream.activated('inv-2');
    await foldInto(
      racing(() => foldInto(db, LIVE_INDEX, changesOf(invited)).then(() => undefined)),
      LIVE_INDEX,
      changesOf(invited, activated),
    );
    const { rows } = await db.query<{ version: number; access: string }>(
      'SELECT version, access FROM client_index WHERE client_id = $1',
      [stream.clientId],
    );
    expect(rows).toEqual([{ version: 2, access: 'Active' }]);
    expect(await counts()).toEqual([
      { access: 'Active', count: 1 },
      { access: 'Invited', count: 1 },
    ]);
  });

  /** A delivery reported between a fold's read of its client and its write: the read model must show it. */
  const deliveredMeanwhile = (clientId: string, invitationId: string) => () =>
    new SqlClientIndex(db).recordDelivery({
      invitationId,
      clientId,
      studioId: STUDIO,
      status: 'sent',
      at: new Date().toISOString(),
    });

  it('shows a delivery reported while a fold of a change of the invited client was under way', async () => {
    const stream = aClientStream(STUDIO);
    await foldInto(db, LIVE_INDEX, changesOf(stream.added(), stream.invited('inv-3')));
    await foldInto(
      racing(deliveredMeanwhile(stream.clientId, 'inv-3')),
      LIVE_INDEX,
      changesOf(stream.updated({ firstName: 'Renamed' })),
    );
    expect(await new SqlClientIndex(db).get(STUDIO, stream.clientId)).toMatchObject({
      firstName: 'Renamed',
      invitation: { delivery: 'sent' },
    });
  });

  it('shows a delivery reported while the fold of its invitation was under way', async () => {
    const stream = aClientStream(STUDIO);
    await foldInto(db, LIVE_INDEX, changesOf(stream.added()));
    await foldInto(
      racing(deliveredMeanwhile(stream.clientId, 'inv-4')),
      LIVE_INDEX,
      changesOf(stream.invited('inv-4')),
    );
    expect(await new SqlClientIndex(db).get(STUDIO, stream.clientId)).toMatchObject({
      invitation: { delivery: 'sent' },
    });
  });
});
