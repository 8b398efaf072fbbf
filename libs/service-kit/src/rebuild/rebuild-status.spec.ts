import type { ClientIndexRebuildResult } from '@studio/contracts';
import { type RebuildRow, toStatus } from './rebuild-status';

describe('the status of a read model rebuild', () => {
  type Row = RebuildRow<ClientIndexRebuildResult>;
  const row = (overrides: Partial<Row> = {}): Row => ({
    id: 'r1',
    state: 'running',
    phase: 'building',
    started_at: new Date('2025-03-01T09:00:00.000Z'),
    heartbeat_at: new Date('2025-03-01T09:00:10.000Z'),
    finished_at: null,
    events: '500',
    result: null,
    error: null,
    ...overrides,
  });

  it('reports a running rebuild with its rate so far', () => {
    expect(toStatus(row(), new Date('2025-03-01T09:00:10.000Z'), 30_000)).toMatchObject({
      state: 'running',
      phase: 'building',
      events: 500,
      eventsPerSecond: 50,
      finishedAt: null,
      error: null,
    });
  });

  it('reports one that stopped reporting for longer than its lease as failed', () => {
    expect(toStatus(row(), new Date('2025-03-01T09:00:41.000Z'), 30_000)).toMatchObject({
      state: 'failed',
      error: 'interrupted: no progress since 2025-03-01T09:00:10.000Z',
    });
  });

  it('reports a finished one with its result', () => {
    const result = {
      events: 500,
      clients: 40,
      caughtUp: 2,
      position: '9:1',
      durationMs: 4_000,
      eventsPerSecond: 125,
    };
    const finished = row({
      state: 'succeeded',
      phase: 'done',
      finished_at: new Date('2025-03-01T09:00:04.000Z'),
      result,
    });
    expect(toStatus(finished, new Date('2025-03-02T00:00:00.000Z'), 30_000)).toMatchObject({
      state: 'succeeded',
      phase: 'done',
      finishedAt: '2025-03-01T09:00:04.000Z',
      eventsPerSecond: 125,
      result,
    });
  });
});
