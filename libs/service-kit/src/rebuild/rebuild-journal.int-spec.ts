import { Lease } from '@studio/messaging';
import { migrate, PgliteDatabase } from '@studio/sql';
import { systemClock } from '../clock';
import { type RebuildPlan, RebuildJournal, type RebuildRun } from './rebuild-journal';
import { rebuildsTableDdl } from './rebuilds-table';

type Result = { readonly rows: number };
type Options = { readonly pageSize: number };

describe('RebuildJournal.run: the frame every rebuild shares', () => {
  let db: PgliteDatabase;
  let journal: RebuildJournal<Result>;
  const log = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await migrate(db, 'test', [Lease.migration, { id: 2, sql: rebuildsTableDdl('things_rebuilds') }]);
    journal = new RebuildJournal(db, systemClock, log, {
      table: 'things_rebuilds',
      lease: 'things-rebuild',
      what: 'the things',
    });
  });
  afterAll(() => db.close());

  /** A plan whose build does `steps`, recording whether its copy was discarded. */
  const plan = (steps: (run: RebuildRun & Options) => Promise<Result>) => {
    const discarded = { value: false };
    const made: RebuildPlan<Result, Options> = {
      options: { pageSize: 7 },
      label: ', 7 events a page',
      build: async (run) => ({ result: await steps(run), summary: 'done' }),
      discard: async () => void (discarded.value = true),
    };
    return { made, discarded };
  };
  const finished = async (rebuildId: string) => {
    for (;;) {
      const status = await journal.status(rebuildId);
      if (status.state !== 'running') return status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('answers running at once, records the result, and refuses a second rebuild meanwhile', async () => {
    let release: () => void = () => undefined;
    const { made } = plan(async (run) => {
      expect(run.pageSize).toBe(7);
      await new Promise<void>((resolve) => (release = resolve));
      return { rows: 3 };
    });
    const started = await journal.run(made);
    expect(started).toMatchObject({ state: 'running', phase: 'building' });
    await expect(journal.run(plan(async () => ({ rows: 0 })).made)).rejects.toMatchObject({
      problem: { code: 'conflict' },
    });
    release();
    expect(await finished(started.rebuildId)).toMatchObject({
      state: 'succeeded',
      phase: 'done',
      result: { rows: 3 },
      error: null,
    });
  });

  it('drops the copy after a failure before the swap, and says the live model may lag after one', async () => {
    const before = plan(() => Promise.reject(new Error('the store went away')));
    const early = await finished((await journal.run(before.made)).rebuildId);
    expect(early).toMatchObject({ state: 'failed', error: 'the store went away' });
    expect(before.discarded.value).toBe(true);

    const after = plan(async (run) => {
      expect(await journal.swap(run, () => Promise.resolve(5))).toBe(5);
      throw new Error('catch-up read failed');
    });
    const late = await finished((await journal.run(after.made)).rebuildId);
    expect(late).toMatchObject({
      state: 'failed',
      error: 'catching up after the swap failed, rebuild again: catch-up read failed',
    });
    expect(after.discarded.value).toBe(false);
  });

  it('stops a running rebuild at shutdown and waits for it', async () => {
    const { made, discarded } = plan(async (run) => {
      while (!run.stopping) await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('stopped');
    });
    const started = await journal.run(made);
    await journal.stop();
    expect(await journal.status(started.rebuildId)).toMatchObject({ state: 'failed', error: 'stopped' });
    expect(discarded.value).toBe(true);
  });
});
