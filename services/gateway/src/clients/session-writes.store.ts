import {
  CLOCK,
  type Clock,
  DATABASE,
  COMMON_SETTINGS,
  type Settings,
  sqlStateUrl,
} from '@studio/service-kit';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { errorMessage, GroupCommit } from '@studio/messaging';
import type { Migration, SqlDatabase } from '@studio/sql';

export interface WrittenVersion {
  readonly clientId: string;
  readonly version: number;
}

interface SessionWrite extends WrittenVersion {
  readonly sessionKey: string;
  readonly at: Date;
}

/** Long enough for any read model to have caught up; older writes no longer make a read wait. */
const REMEMBERED_MS = 10 * 60_000;

export const sessionWritesMigration: Migration = {
  id: 2,
  sql: `CREATE TABLE IF NOT EXISTS session_writes (
          session_key text PRIMARY KEY,
          client_id   text NOT NULL,
          version     integer NOT NULL,
          written_at  timestamptz NOT NULL)`,
};

/**
 * Unlogged: a write per API write, on one row per session, waited for a WAL flush each, holding the row. What it
 * keeps is a hint good for minutes; a database crash that forgets it only lets a read not wait for the index.
 */
export const sessionWritesUnloggedMigration: Migration = {
  id: 4,
  sql: 'ALTER TABLE session_writes SET UNLOGGED',
};

/**
 * Read your writes across gateway replicas: the last client each session wrote, and its version, in the
 * gateway's own database, so the session's next read (on whichever replica) waits for the read model to
 * reach that version. Keyed by a hash of the session token, never the token. The writes of concurrent requests
 * go in one statement (group commit), each request answered once its own is stored. Embedded there is one
 * gateway, so the same lives in its memory (a write to PGlite per request costs that one process dearly).
 */
@Injectable()
export class SessionWritesStore implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(SessionWritesStore.name);
  private purger: NodeJS.Timeout | undefined;
  /** Set when this gateway is the only one (no PostgreSQL to share through). */
  private readonly local: Map<string, WrittenVersion & { readonly at: number }> | undefined;
  private readonly shared = new GroupCommit<SessionWrite, void>((writes) => this.store(writes));

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: SqlDatabase,
    @Inject(COMMON_SETTINGS) common: Settings,
  ) {
    const shared = /^postgres(ql)?:\/\//.test(sqlStateUrl(common) ?? '');
    this.local = shared ? undefined : new Map();
  }

  onModuleInit(): void {
    this.purger = setInterval(() => void this.purge(), REMEMBERED_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purger);
  }

  async remember(sessionKey: string, written: WrittenVersion): Promise<void> {
    const at = this.clock.now();
    if (this.local) {
      this.local.delete(sessionKey);
      this.local.set(sessionKey, { ...written, at: at.getTime() });
      return;
    }
    await this.shared.run({ sessionKey, ...written, at });
  }

  /** One statement for a batch; a session written twice in it keeps its later write, as two statements would. */
  private async store(writes: readonly SessionWrite[]): Promise<void[]> {
    const latest = [...new Map(writes.map((write) => [write.sessionKey, write])).values()];
    await this.db.query(
      {
        name: 'session_writes.remember',
        text: `INSERT INTO session_writes (session_key, client_id, version, written_at)
               SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[])
               ON CONFLICT (session_key) DO UPDATE
               SET client_id = EXCLUDED.client_id, version = EXCLUDED.version, written_at = EXCLUDED.written_at`,
      },
      [
        latest.map((write) => write.sessionKey),
        latest.map((write) => write.clientId),
        latest.map((write) => write.version),
        latest.map((write) => write.at),
      ],
    );
    return writes.map(() => undefined);
  }

  async last(sessionKey: string): Promise<WrittenVersion | undefined> {
    const since = this.clock.now().getTime() - REMEMBERED_MS;
    if (this.local) {
      const found = this.local.get(sessionKey);
      return found && found.at > since ? { clientId: found.clientId, version: found.version } : undefined;
    }
    const { rows } = await this.db.query<{ client_id: string; version: number }>(
      {
        name: 'session_writes.last',
        text: 'SELECT client_id, version FROM session_writes WHERE session_key = $1 AND written_at > $2',
      },
      [sessionKey, new Date(since)],
    );
    const row = rows[0];
    return row && { clientId: row.client_id, version: row.version };
  }

  private async purge(): Promise<void> {
    const before = this.clock.now().getTime() - REMEMBERED_MS;
    if (this.local) {
      // Oldest first (re-inserted on each write): stop at the first one still fresh.
      for (const [key, written] of this.local) {
        if (written.at > before) break;
        this.local.delete(key);
      }
      return;
    }
    await this.db
      .query('DELETE FROM session_writes WHERE written_at < $1', [new Date(before)])
      .catch((error: unknown) => this.log.warn(`purge failed: ${errorMessage(error)}`));
  }
}
