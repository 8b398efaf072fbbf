import { createDatabase, migrate, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { notificationMigrations } from '../notification.migrations';
import { EmailQuotaRepository } from './email-quota.repository';

const LIMITS = { verified: 5, unverified: 2 };
const NOON = new Date('2026-12-01T12:00:00Z');
const NEXT_DAY = new Date('2026-12-02T00:00:01Z');

describe.each(['postgres', 'pglite'] as const)('the daily email quota per studio (%s)', (backbone) => {
  let db: SqlDatabase;
  let drop = async () => undefined as void;
  let quota: EmailQuotaRepository;

  beforeAll(async () => {
    if (backbone === 'postgres') {
      const fresh = await freshDatabase('email_quota');
      drop = fresh.drop;
      db = await createDatabase(fresh.url, { schema: 'notification' });
    } else {
      db = await createDatabase('pglite://memory', { schema: 'notification' });
    }
    await migrate(db, 'notification', notificationMigrations);
    quota = new EmailQuotaRepository(db);
  });

  afterAll(async () => {
    await db.close();
    await drop();
  });

  const charge = (key: string, studioId: string, now = NOON) => quota.charge(key, studioId, now, LIMITS);

  it('lets an unverified studio send its lower quota a UTC day, and counts a redelivered request once', async () => {
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((key) => charge(`s1:${key}`, 's1')));
    expect(outcomes.filter((o) => o.within)).toHaveLength(2);
    expect(outcomes.every((o) => o.limit === 2)).toBe(true);
    // Each key keeps its first answer, on every delivery, concurrent or later.
    const again = await Promise.all(['a', 'b', 'c', 'd', 'a', 'b'].map((key) => charge(`s1:${key}`, 's1')));
    expect(again.map((o) => o.within)).toEqual([
      ...outcomes.map((o) => o.within),
      ...outcomes.slice(0, 2).map((o) => o.within),
    ]);
    // Another studio has its own count; the next UTC day starts again.
    await expect(charge('s2:a', 's2')).resolves.toEqual({ within: true, limit: 2 });
    await expect(charge('s1:e', 's1', NEXT_DAY)).resolves.toEqual({ within: true, limit: 2 });
  });

  it('commits a charge without waiting for the WAL flush, for that transaction alone', async () => {
    const setting = await db.transaction(async (tx) => {
      await tx.query('SELECT * FROM charge_daily_email($1, $2, $3, $4, $5)', [
        's4:a',
        's4',
        '2026-12-01',
        5,
        2,
      ]);
      return (await tx.query<{ value: string }>("SELECT current_setting('synchronous_commit') AS value"))
        .rows;
    });
    expect(setting).toEqual([{ value: 'off' }]);
    const after = await db.query<{ value: string }>("SELECT current_setting('synchronous_commit') AS value");
    expect(after.rows).toEqual([{ value: 'on' }]);
  });

  it('counts against the higher quota once the owner verified, the day so far included', async () => {
    await charge('s3:a', 's3');
    await charge('s3:b', 's3');
    await expect(charge('s3:c', 's3')).resolves.toEqual({ within: false, limit: 2 });
    await quota.markVerified('s3', NOON);
    await quota.markVerified('s3', NOON);
    const later = await Promise.all(['d', 'e', 'f', 'g'].map((key) => charge(`s3:${key}`, 's3')));
    expect(later.map((o) => o.within).sort()).toEqual([false, true, true, true]);
    expect(later.every((o) => o.limit === 5)).toBe(true);
  });
});
