import { type SqlDatabase } from '@studio/sql';
import { CLOCK, type Clock, DATABASE } from '@studio/service-kit';
import { Problem } from '@studio/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { errorMessage } from '@studio/messaging';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim whose request never finished (a crash) is given up after this, so the key can be used again. */
const ABANDONED_AFTER_MS = 60 * 1000;

export interface IdempotencyRecord {
  readonly principal: string;
  readonly key: string;
  readonly methodPath: string;
  readonly bodyHash: string;
}

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: string | null }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-flight' };

interface Row {
  method_path: string;
  body_hash: string;
  status: number | null;
  response: string | null;
}

/** The first answer to each Idempotency-Key, in the gateway's own database, so every replica shares it. */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('IdempotencyStore');
  private purger: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
  ) {}

  onModuleInit(): void {
    this.purger = setInterval(() => void this.purge(), 60 * 60 * 1000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purger);
  }

  /** Inserting the row claims the key; whoever finds it there gets the stored answer, or waits. */
  async claim(record: IdempotencyRecord): Promise<Claim> {
    return this.guard(async () => {
      const now = this.clock.now();
      const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
      const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
      const { db } = this;
      const key = [record.principal, record.key];
      await db.query(
        'DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 AND created_at < $3',
        [...key, expired],
      );
      const inserted = await db.query(
        `INSERT INTO idempotency_keys (principal, idem_key, method_path, body_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING idem_key`,
        [...key, record.methodPath, record.bodyHash, now],
      );
      if (inserted.rows.length > 0) return { kind: 'claimed' };
      const taken = await db.query(
        `UPDATE idempotency_keys SET created_at = $5
         WHERE principal = $1 AND idem_key = $2 AND method_path = $3 AND body_hash = $4 AND status IS NULL AND created_at < $6
         RETURNING idem_key`,
        [...key, record.methodPath, record.bodyHash, now, abandoned],
      );
      if (taken.rows.length > 0) return { kind: 'claimed' };
      const { rows } = await db.query<Row>(
        'SELECT method_path, body_hash, status, response FROM idempotency_keys WHERE principal = $1 AND idem_key = $2',
        key,
      );
      const row = rows[0];
      if (!row) return { kind: 'in-flight' };
      if (row.method_path !== record.methodPath || row.body_hash !== record.bodyHash)
        return { kind: 'mismatch' };
      if (row.status === null) return { kind: 'in-flight' };
      return { kind: 'replay', status: row.status, body: row.response };
    });
  }

  async complete(record: IdempotencyRecord, status: number, body: string | null): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND idem_key = $2',
      [record.principal, record.key, status, body],
    );
  }

  /** The request failed: nothing is stored, so a retry with the same key runs again. */
  async release(record: IdempotencyRecord): Promise<void> {
    await this.db.query(
      'DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 AND status IS NULL',
      [record.principal, record.key],
    );
  }

  async purge(): Promise<void> {
    const expired = new Date(this.clock.now().getTime() - IDEMPOTENCY_TTL_MS);
    await this.db
      .query('DELETE FROM idempotency_keys WHERE created_at < $1', [expired])
      .catch((error: unknown) => {
        this.log.warn(`purge failed: ${errorMessage(error)}`);
      });
  }

  /** A database that does not answer makes the request unavailable, never a 500. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.log.warn(`idempotency store failed: ${errorMessage(error)}`);
      throw Problem.of('service-unavailable', 'the idempotency store is unavailable');
    }
  }
}
