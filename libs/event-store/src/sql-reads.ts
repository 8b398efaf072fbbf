import {
  START,
  type EventMetadata,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadAllPage,
  type RecordedEvent,
} from './event-store.port';
import { type EventStoreSql } from './event-store.sql';
import { formatPosition, parsePosition } from './global-position';
import { type SqlExecutor } from '@studio/sql';

const DEFAULT_PAGE_SIZE = 500;

interface PositionRow {
  readonly tx: string;
  readonly sequence: string;
}

interface EventRow extends PositionRow {
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recorded_at: Date;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: formatPosition(row.tx, row.sequence),
    recordedAt: row.recorded_at,
  };
}

export async function readStreamEvents(
  db: SqlExecutor,
  sql: EventStoreSql,
  streamId: string,
  fromVersion = 0,
): Promise<readonly RecordedEvent[]> {
  const { rows } = await db.query<EventRow>(sql.statements.readStream, [streamId, fromVersion]);
  return rows.map(toRecordedEvent);
}

export async function readAllPage(
  db: SqlExecutor,
  sql: EventStoreSql,
  options: ReadAllOptions,
): Promise<ReadAllPage> {
  const from = parsePosition(options.from);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const { rows } = await db.query<EventRow>(sql.statements.readAll, [from.txId, from.sequence, limit]);
  const events = rows.map(toRecordedEvent);
  return { events, next: events.at(-1)?.position ?? options.from };
}

/** The last event a reader can see now (START if none): what "caught up" means for a new subscription. */
export async function readHead(db: SqlExecutor, sql: EventStoreSql): Promise<GlobalPosition> {
  const { rows } = await db.query<PositionRow>(sql.statements.head);
  return positionOf(rows[0]);
}

function positionOf(row: PositionRow | undefined): GlobalPosition {
  return row && row.sequence !== '0' ? formatPosition(row.tx, row.sequence) : START;
}
