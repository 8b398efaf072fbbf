import { DATABASE } from '@studio/service-kit';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor, SqlDatabase } from '@studio/sql';
import { toDate } from '../shared/sql';
import {
  countFailure,
  forgiveAttempt,
  SIGN_IN_THROTTLE,
  type ThrottleState,
  waitMs,
} from './sign-in-throttle';

/** The two counters an attempt is charged to: the submitted studio + email (existing or not) and the address. */
export interface ThrottleKeys {
  readonly account: string;
  readonly address: string;
}

export function throttleKeys(slug: string, email: string, address: string): ThrottleKeys {
  return { account: digest(`account\n${slug}\n${email}`), address: digest(`address\n${address}`) };
}

export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly waitMs: number };

interface ThrottleRow {
  readonly failures: number;
  readonly last_failure_at: unknown;
  readonly blocked_until: unknown;
}

@Injectable()
export class SignInThrottleRepository {
  constructor(@Inject(DATABASE) private readonly db: SqlDatabase) {}

  /** Refuses while either counter is blocked; otherwise charges the attempt to both, atomically. */
  admit(keys: ThrottleKeys, now: Date): Promise<Admission> {
    return this.db.transaction(async (tx) => {
      const ordered = [keys.account, keys.address].sort();
      const states: [string, ThrottleState][] = [];
      // Rows are locked in a fixed order, so concurrent attempts queue here instead of racing past the check.
      for (const key of ordered) states.push([key, await lock(tx, key, now)]);
      const wait = Math.max(...states.map(([, state]) => waitMs(state, now)));
      if (wait > 0) return { admitted: false, waitMs: wait };
      for (const [key, state] of states) await save(tx, key, countFailure(state, now, allowance(keys, key)));
      return { admitted: true };
    });
  }

  /** A success: the account's counter starts over; the address only gets this one attempt back. */
  succeeded(keys: ThrottleKeys, now: Date): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM sign_in_throttles WHERE key = $1', [keys.account]);
      const address = await lock(tx, keys.address, now);
      await save(tx, keys.address, forgiveAttempt(address, SIGN_IN_THROTTLE.addressFreeFailures));
    });
  }
}

/** How many failures a counter lets through before delays start: an address is shared, so it gets more. */
function allowance(keys: ThrottleKeys, key: string): number {
  return key === keys.address ? SIGN_IN_THROTTLE.addressFreeFailures : SIGN_IN_THROTTLE.freeFailures;
}

/** Reads the key's row, creating a blank one, and holds its lock to the end of the transaction. */
async function lock(tx: SqlExecutor, key: string, now: Date): Promise<ThrottleState> {
  const { rows } = await tx.query<ThrottleRow>(
    `INSERT INTO sign_in_throttles (key, failures, last_failure_at) VALUES ($1, 0, $2)
     ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
     RETURNING failures, last_failure_at, blocked_until`,
    [key, now.toISOString()],
  );
  const row = rows[0];
  if (!row) throw new Error('throttle row missing after upsert');
  return {
    failures: Number(row.failures),
    lastFailureAt: toDate(row.last_failure_at),
    blockedUntil: row.blocked_until == null ? null : toDate(row.blocked_until),
  };
}

async function save(tx: SqlExecutor, key: string, state: ThrottleState): Promise<void> {
  await tx.query(
    'UPDATE sign_in_throttles SET failures = $2, last_failure_at = $3, blocked_until = $4 WHERE key = $1',
    [key, state.failures, state.lastFailureAt.toISOString(), state.blockedUntil?.toISOString() ?? null],
  );
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
