import type { SqlDatabase } from '@studio/sql';

/**
 * A time-bound lease in the service's own database, so that of N replicas one runs the event publisher or
 * the expiry sweep. The holder renews it well before it lapses; a crashed holder's lease lapses on its own.
 */
export class Lease {
  constructor(
    private readonly db: SqlDatabase,
    readonly name: string,
    readonly holder: string,
    private readonly ttlMs = 15_000,
  ) {}

  static readonly migration = {
    id: 1,
    sql: `CREATE TABLE IF NOT EXISTS leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)`,
  };

  /** True while this holder has the lease (taking it if free or lapsed, renewing it if held). */
  async acquire(): Promise<boolean> {
    const { rows } = await this.db.query<{ holder: string }>(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < now()
       RETURNING holder`,
      [this.name, this.holder, this.ttlMs],
    );
    return rows.length === 1;
  }

  async release(): Promise<void> {
    await this.db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [this.name, this.holder]);
  }
}
