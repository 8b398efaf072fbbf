import { randomUUID } from 'node:crypto';
import type { DeadLetterAction, DeadLetterDetail, DeadLetterDto, DeadLetterState } from '@studio/contracts';
import type { Migration, SqlDatabase, SqlExecutor } from '@studio/sql';
import type { DurableMessage } from './durable-bus.port';

/** A message whose handler failed for good, as a bus hands it over. */
export interface DeadLetter {
  readonly consumer: string;
  readonly message: DurableMessage;
  readonly error: string;
}

/**
 * Every service keeps the dead letters of its own consumers in its own schema, in both modes (PostgreSQL, or
 * the embedded PGlite), with every action taken on them. Migrated as the component `dead-letters`.
 */
export const deadLetterMigrations: readonly Migration[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE IF NOT EXISTS dead_letters (
        id text PRIMARY KEY,
        consumer text NOT NULL,
        subject text NOT NULL,
        message_id text NOT NULL,
        message_key text,
        message_sequence integer,
        data jsonb NOT NULL,
        headers jsonb NOT NULL,
        deliveries integer NOT NULL,
        error text NOT NULL,
        dead_at timestamptz NOT NULL DEFAULT now(),
        state text NOT NULL DEFAULT 'dead'
      );
      -- A message dead-lettered twice (a redelivery racing its dead-lettering) is one letter per consumer.
      CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_message ON dead_letters (consumer, message_id)
        WHERE state = 'dead';
      CREATE TABLE IF NOT EXISTS dead_letter_actions (
        dead_letter_id text NOT NULL REFERENCES dead_letters (id),
        action text NOT NULL,
        outcome text NOT NULL,
        by_actor text NOT NULL,
        detail text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS dead_letter_actions_letter ON dead_letter_actions (dead_letter_id, at);`,
  },
];

interface Row {
  readonly id: string;
  readonly consumer: string;
  readonly subject: string;
  readonly message_id: string;
  readonly message_key: string | null;
  readonly message_sequence: number | null;
  readonly data: unknown;
  readonly headers: Record<string, string>;
  readonly deliveries: number;
  readonly error: string;
  readonly dead_at: Date | string;
  readonly state: DeadLetterState;
}

/** The dead letters of one service's consumers, and the record of what was done with each. */
export class SqlDeadLetterStore {
  constructor(
    private readonly db: SqlDatabase,
    /** The service these consumers belong to, as the letters are reported. */
    private readonly service: string,
  ) {}

  /** Keeps a letter; the same message dead again for the same consumer is kept once. */
  async record(letter: DeadLetter): Promise<void> {
    const { message } = letter;
    await this.db.transaction(async (tx) => {
      const id = randomUUID();
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO dead_letters (id, consumer, subject, message_id, message_key, message_sequence, data,
           headers, deliveries, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
         ON CONFLICT (consumer, message_id) WHERE state = 'dead' DO NOTHING RETURNING id`,
        [
          id,
          letter.consumer,
          message.subject,
          message.id,
          message.key ?? null,
          message.sequence ?? null,
          JSON.stringify(message.data ?? null),
          JSON.stringify(message.headers),
          message.deliveryCount,
          letter.error.slice(0, 2_000),
        ],
      );
      if (rows.length > 0) await act(tx, id, 'recorded', 'ok', letter.consumer, letter.error.slice(0, 500));
    });
  }

  async list(all = false): Promise<DeadLetterDto[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM dead_letters ${all ? '' : "WHERE state = 'dead'"} ORDER BY dead_at, id`,
    );
    return rows.map((row) => this.toDto(row));
  }

  async get(id: string): Promise<DeadLetterDetail | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM dead_letters WHERE id = $1', [id]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const { rows: actions } = await this.db.query<{
      action: DeadLetterAction['action'];
      outcome: DeadLetterAction['outcome'];
      by_actor: string;
      detail: string | null;
      at: Date | string;
    }>('SELECT * FROM dead_letter_actions WHERE dead_letter_id = $1 ORDER BY at', [id]);
    return {
      ...this.toDto(row),
      data: row.data,
      headers: row.headers,
      actions: actions.map((action) => ({
        action: action.action,
        outcome: action.outcome,
        by: action.by_actor,
        at: new Date(action.at).toISOString(),
        detail: action.detail,
      })),
    };
  }

  /** The message as it was delivered, to hand to its consumer again. */
  async message(id: string): Promise<{ consumer: string; message: DurableMessage } | undefined> {
    const { rows } = await this.db.query<Row>("SELECT * FROM dead_letters WHERE id = $1 AND state = 'dead'", [
      id,
    ]);
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      consumer: row.consumer,
      message: {
        id: row.message_id,
        subject: row.subject,
        data: row.data,
        headers: row.headers,
        deliveryCount: 1,
        ...(row.message_key === null ? {} : { key: row.message_key }),
        ...(row.message_sequence === null ? {} : { sequence: row.message_sequence }),
      },
    };
  }

  /**
   * Settles a letter (`redriven` after its consumer handled it, `dropped`) and records the action; false when
   * it was no longer dead (another operator was quicker).
   */
  async settle(id: string, state: 'redriven' | 'dropped', by: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query(
        "UPDATE dead_letters SET state = $2 WHERE id = $1 AND state = 'dead' RETURNING id",
        [id, state],
      );
      if (rows.length > 0) await act(tx, id, state === 'redriven' ? 'redrive' : 'drop', 'ok', by, null);
      return rows.length > 0;
    });
  }

  /** A redrive whose handler failed again: the letter stays dead, the attempt is recorded. */
  async redriveFailed(id: string, by: string, error: string): Promise<void> {
    await act(this.db, id, 'redrive', 'failed', by, error.slice(0, 500));
  }

  private toDto(row: Row): DeadLetterDto {
    return {
      id: row.id,
      service: this.service,
      consumer: row.consumer,
      subject: row.subject,
      messageId: row.message_id,
      key: row.message_key,
      sequence: row.message_sequence,
      deliveries: row.deliveries,
      error: row.error,
      deadAt: new Date(row.dead_at).toISOString(),
      state: row.state,
    };
  }
}

async function act(
  tx: SqlExecutor,
  id: string,
  action: DeadLetterAction['action'],
  outcome: DeadLetterAction['outcome'],
  by: string,
  detail: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO dead_letter_actions (dead_letter_id, action, outcome, by_actor, detail)
     VALUES ($1, $2, $3, $4, $5)`,
    [id, action, outcome, by, detail],
  );
}
