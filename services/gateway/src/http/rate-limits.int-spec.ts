import { Problem } from '@studio/contracts';
import { createDatabase, migrate, parseDatabaseUrl, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import type { Request, Response } from 'express';
import { Pool } from 'pg';
import { gatewayService } from '../index';
import { rateLimits } from './rate-limits';

/** Runs one request through a replica's limiter: the error it passes on, if any. */
const through = (limit: ReturnType<typeof rateLimits>, method: string, path: string, ip = '203.0.113.7') =>
  new Promise<unknown>((resolve) =>
    limit({ method, path, ip } as Request, {} as Response, (error?: unknown) => resolve(error)),
  );

describe('rate limits shared by gateway replicas in PostgreSQL', () => {
  let db: SqlDatabase;
  let pool: Pool;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('ratelimit');
    drop = fresh.drop;
    db = await createDatabase(fresh.url, { schema: 'gateway' });
    await migrate(db, 'gateway', gatewayService.migrations);
    const parsed = parseDatabaseUrl(fresh.url);
    pool = new Pool({ connectionString: parsed.kind === 'postgres' ? parsed.url : '', max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await db.close();
    await drop();
  });

  it('counts an address across replicas, refuses with Retry-After, and never limits probes', async () => {
    const store = { kind: 'postgres', pool, schema: 'gateway' } as const;
    const [first, second] = [1, 2].map(() =>
      rateLimits({ perMinute: 3, sensitivePerMinute: 1, signUpsPerHour: 2 }, store),
    );
    const answers = [
      await through(first!, 'GET', '/api/v1/clients'),
      await through(second!, 'GET', '/api/v1/clients'),
      await through(first!, 'GET', '/api/v1/me'),
      await through(second!, 'GET', '/api/v1/clients'),
    ];
    expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(answers[3]).toBeInstanceOf(Problem);
    const refused = (answers[3] as Problem).problem;
    expect(refused.code).toBe('rate-limited');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);

    expect(await through(first!, 'GET', '/api/v1/clients', '198.51.100.1')).toBeUndefined();
    expect(await through(second!, 'GET', '/health/live')).toBeUndefined();

    // Sensitive operations have their own, tighter limit.
    expect(await through(first!, 'POST', '/api/v1/studios/oak/sessions')).toBeUndefined();
    expect(await through(second!, 'POST', '/api/v1/studios/oak/sessions')).toBeInstanceOf(Problem);

    // Sign-ups have theirs, by the hour, whatever the other limits leave.
    const signUps = [
      await through(first!, 'POST', '/api/v1/studios', '192.0.2.9'),
      await through(second!, 'POST', '/api/v1/studios', '192.0.2.9'),
      await through(first!, 'POST', '/api/v1/studios', '192.0.2.9'),
    ];
    expect(signUps.slice(0, 2)).toEqual([undefined, undefined]);
    expect((signUps[2] as Problem).problem).toMatchObject({ code: 'rate-limited' });
    expect((signUps[2] as Problem).problem.retryAfterSeconds).toBeGreaterThan(60);
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM rate_limits');
    expect(Number(rows[0]!.count)).toBeGreaterThan(0);
  });
});
