import { Injectable } from '@nestjs/common';

export interface WrittenVersion {
  readonly clientId: string;
  readonly version: number;
}

/**
 * Read your writes: the last client each session wrote, and its version, so the next reads of that session
 * wait for the read model to catch up with it. In memory, so it holds only with one gateway replica (or
 * sticky sessions); several replicas would keep this beside the idempotency records in the database.
 */
@Injectable()
export class RecentWrites {
  private readonly bySession = new Map<string, WrittenVersion>();
  private readonly maxSessions = 50_000;

  remember(sessionKey: string, written: WrittenVersion): void {
    this.bySession.delete(sessionKey);
    this.bySession.set(sessionKey, written);
    if (this.bySession.size > this.maxSessions) {
      const oldest = this.bySession.keys().next();
      if (oldest.done !== true) this.bySession.delete(oldest.value);
    }
  }

  last(sessionKey: string): WrittenVersion | undefined {
    return this.bySession.get(sessionKey);
  }

  /** The version this session last wrote of this client, if that is the client it wrote last. */
  versionOf(sessionKey: string, clientId: string): number | undefined {
    const last = this.bySession.get(sessionKey);
    return last?.clientId === clientId ? last.version : undefined;
  }
}
