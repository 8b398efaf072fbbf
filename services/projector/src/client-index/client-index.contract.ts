/**
 * What every adapter of ClientIndexRepository must do. Each adapter's int-spec runs it against a real server:
 * `describeClientIndexContract('PostgreSQL', openIndex)`; every test gets an empty index.
 */
import type { ClientProfile, PublishedEvent } from '@studio/contracts';
import { aClientStream, aMailDelivery, type ClientStreamBuilder } from '../testing/published-events.builders';
import type { IndexChange } from './client-fold';
import type { ClientIndexRepository, ClientPageQuery, IndexCopy } from './client-index.repository';
import { clientEventOf } from './client-projection';
import { decodeCursor, encodeCursor } from './cursor';

export type OpenIndex = () => Promise<{
  readonly index: ClientIndexRepository;
  readonly close: () => Promise<void>;
}>;

const STUDIO = 'studio-a';
const OTHER_STUDIO = 'studio-b';

const changesOf = (...events: PublishedEvent[]): IndexChange[] =>
  events.map((published) => ({ published, event: clientEventOf(published)! }));

export function describeClientIndexContract(name: string, open: OpenIndex): void {
  describe(`ClientIndexRepository contract: ${name}`, () => {
    let index: ClientIndexRepository;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ index, close } = await open());
    });
    afterEach(() => close());

    const fold = (copy: IndexCopy, ...events: PublishedEvent[]) => index.fold(copy, changesOf(...events));
    const added = async (profile: Partial<ClientProfile>, studioId = STUDIO, at?: string) => {
      const stream = aClientStream(studioId, profile);
      await fold('live', stream.added(at));
      return stream;
    };
    const page = (query: Partial<ClientPageQuery> = {}) =>
      index.page({ studioId: STUDIO, sort: 'lastName', limit: 10, ...query });
    const lastNames = async (query: Partial<ClientPageQuery> = {}) =>
      (await page(query)).rows.map((row) => row.record.lastName);

    it('folds events in order, applies each once, and moves the counts and the checkpoint with them', async () => {
      const ana = aClientStream(STUDIO);
      const add = ana.added();
      const invite = ana.invited('inv-1');
      expect(await fold('live', add, invite)).toEqual([true, true]);
      // A redelivery, and an event of the same client at an older version: nothing.
      expect(await fold('live', invite)).toEqual([false]);
      expect(await index.get(STUDIO, ana.clientId)).toMatchObject({
        id: ana.clientId,
        access: 'Invited',
        version: 1,
        invitation: { delivery: 'pending' },
      });
      expect(await index.version(STUDIO, ana.clientId)).toBe(1);
      expect((await page()).counts).toEqual({ Inactive: 0, Invited: 1, Active: 0 });
      expect(await index.checkpoint('live')).toEqual({ position: invite.position, events: 2 });
      const activate = ana.activated('inv-1');
      await fold('live', activate);
      expect((await page()).counts).toEqual({ Inactive: 0, Invited: 0, Active: 1 });
      expect(await index.checkpoint('live')).toEqual({ position: activate.position, events: 3 });
    });

    it('counts a client once when two folds of it run at once', async () => {
      const ana = aClientStream(STUDIO);
      const add = ana.added();
      const invite = ana.invited('inv-1');
      const results = await Promise.all([fold('live', add, invite), fold('live', add)]);
      expect(results.flat().filter(Boolean).length).toBeGreaterThanOrEqual(2);
      expect(await index.version(STUDIO, ana.clientId)).toBe(1);
      expect((await page()).counts).toEqual({ Inactive: 0, Invited: 1, Active: 0 });
    });

    it('answers a client within its own studio only', async () => {
      const ana = await added({});
      expect(await index.get(OTHER_STUDIO, ana.clientId)).toBeUndefined();
      expect(await index.version(OTHER_STUDIO, ana.clientId)).toBeUndefined();
      expect(await index.get(STUDIO, 'no-such-client')).toBeUndefined();
    });

    it('pages in each order with a keyset cursor, the counts of the whole studio alongside', async () => {
      await added({ firstName: 'Ana', lastName: 'Costa' }, STUDIO, '2025-03-01T09:00:00.000Z');
      await added({ firstName: 'Bea', lastName: 'Abreu' }, STUDIO, '2025-03-03T09:00:00.000Z');
      await added({ firstName: 'Caio', lastName: 'Borges' }, STUDIO, '2025-03-02T09:00:00.000Z');
      await added({ firstName: 'Duda', lastName: 'Borges' }, STUDIO, '2025-03-04T09:00:00.000Z');
      await added({ lastName: 'Zeta' }, OTHER_STUDIO);
      expect(await lastNames()).toEqual(['Abreu', 'Borges', 'Borges', 'Costa']);
      expect(await lastNames({ sort: '-lastName' })).toEqual(['Costa', 'Borges', 'Borges', 'Abreu']);
      const byFirst = await page({ sort: 'firstName' });
      expect(byFirst.rows.map((row) => row.record.firstName)).toEqual(['Ana', 'Bea', 'Caio', 'Duda']);
      expect(byFirst.counts).toEqual({ Inactive: 4, Invited: 0, Active: 0 });

      // Walked two at a time through the cursor the API hands out, ties on the key broken by id.
      for (const sort of ['lastName', '-lastName', 'createdAt', '-createdAt', 'email'] as const) {
        const whole = (await page({ sort })).rows.map((row) => row.clientId);
        const walked: string[] = [];
        let cursor: ClientPageQuery['cursor'];
        for (let pages = 0; pages < 5; pages++) {
          const { rows } = await page({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
          walked.push(...rows.map((row) => row.clientId));
          const last = rows.at(-1);
          if (rows.length < 2 || last === undefined) break;
          cursor = decodeCursor(encodeCursor({ sort, key: last.sortKey, id: last.clientId }), sort);
        }
        expect(walked).toEqual(whole);
      }
      const newest = await page({ sort: '-createdAt', limit: 1 });
      expect(newest.rows.map((row) => [row.record.firstName, row.sortKey])).toEqual([
        ['Duda', '2025-03-04T09:00:00.000Z'],
      ]);
    });

    it('filters by access, type, source and tag, and searches a prefix of the names or the email', async () => {
      await added({ firstName: 'Ana', lastName: 'Costa', type: 'wedding', tags: ['vip', 'spring'] });
      await added({ firstName: 'Anabel', lastName: 'Lima', source: 'instagram', email: 'zoe@example.com' });
      const invited = await added({ firstName: 'Rui', lastName: 'Anjos', email: 'rui@example.com' });
      await fold('live', invited.invited('inv-9'));
      expect(await lastNames({ access: 'Invited' })).toEqual(['Anjos']);
      expect(await lastNames({ type: 'wedding' })).toEqual(['Costa']);
      expect(await lastNames({ source: 'instagram' })).toEqual(['Lima']);
      expect(await lastNames({ tag: 'vip' })).toEqual(['Costa']);
      expect(await lastNames({ q: 'an' })).toEqual(['Anjos', 'Costa', 'Lima']);
      expect(await lastNames({ q: 'ana' })).toEqual(['Costa', 'Lima']);
      expect(await lastNames({ q: 'ana c' })).toEqual(['Costa']);
      expect(await lastNames({ q: 'zoe@' })).toEqual(['Lima']);
      // Characters a pattern language would take for wildcards are plain text here.
      expect(await lastNames({ q: 'a%' })).toEqual([]);
      expect(await lastNames({ q: '.*' })).toEqual([]);
      expect(await lastNames({ q: 'an', access: 'Inactive', sort: '-lastName', limit: 1 })).toEqual(['Lima']);
    });

    it('answers the version of the client a session waits for, with its page', async () => {
      const ana = await added({});
      expect((await page({ versionOf: ana.clientId })).version).toBe(0);
      expect((await page({ versionOf: 'no-such-client' })).version).toBeUndefined();
    });

    it("shows an invitation's latest report on its client, reported before or after the invitation", async () => {
      const early = await added({ lastName: 'Early' });
      await index.recordDelivery(report(early, 'inv-early', 'sent', '2025-03-01T10:00:00.000Z'));
      await fold('live', early.invited('inv-early'));
      expect(await index.get(STUDIO, early.clientId)).toMatchObject({ invitation: { delivery: 'sent' } });

      const late = await added({ lastName: 'Late' });
      await fold('live', late.invited('inv-late'));
      await index.recordDelivery(report(late, 'inv-late', 'failed', '2025-03-01T10:00:02.000Z'));
      // An older report arriving after a newer one changes nothing.
      await index.recordDelivery(report(late, 'inv-late', 'sent', '2025-03-01T10:00:01.000Z'));
      expect(await index.get(STUDIO, late.clientId)).toMatchObject({ invitation: { delivery: 'failed' } });
      // A new invitation starts pending again.
      await fold('live', late.resent('inv-late-2', 'inv-late'));
      expect(await index.get(STUDIO, late.clientId)).toMatchObject({ invitation: { delivery: 'pending' } });
    });

    it('fills a copy beside the live index, compares it, and swaps it in with its counts and checkpoint', async () => {
      const stale = await added({ lastName: 'Stale' });
      const ana = aClientStream(STUDIO, { lastName: 'Ana' });
      const anaAdded = ana.added();
      const anaInvited = ana.invited('inv-1');
      const beaAdded = aClientStream(STUDIO, { lastName: 'Bea' }).added();
      await fold('live', anaAdded, anaInvited);
      await index.createShadow();
      expect(await index.checkpoint('shadow')).toBeUndefined();
      await fold('shadow', anaAdded, anaInvited, beaAdded);
      // Reported while the copy is filled (to the live index only): the copy takes it over at the swap.
      await index.recordDelivery(report(ana, 'inv-1', 'sent', '2025-03-01T10:00:00.000Z'));
      expect(await index.countShadow()).toBe(2);
      const comparison = await index.compareWithLive();
      expect(comparison.count).toBe(2);
      expect(comparison.shown.map((d) => [d.kind, d.clientId])).toEqual(
        expect.arrayContaining([
          ['missing', (beaAdded.data as { clientId: string }).clientId],
          ['extra', stale.clientId],
        ]),
      );
      // Nothing of the copy shows before the swap.
      expect(await lastNames()).toEqual(['Ana', 'Stale']);
      await index.indexShadow();
      expect(await index.swapIn()).toBe(2);
      expect(await lastNames()).toEqual(['Ana', 'Bea']);
      expect(await index.get(STUDIO, ana.clientId)).toMatchObject({ invitation: { delivery: 'sent' } });
      expect((await page()).counts).toEqual({ Inactive: 1, Invited: 1, Active: 0 });
      expect(await index.checkpoint('live')).toEqual({ position: beaAdded.position, events: 3 });
      expect(await index.checkpoint('shadow')).toBeUndefined();
      // The swapped-in index takes the live consumer's writes as the old one did.
      expect(await fold('live', anaInvited, ana.activated('inv-1'))).toEqual([false, true]);
      expect((await page()).counts).toEqual({ Inactive: 1, Invited: 0, Active: 1 });
      // A copy made again replaces a dropped one.
      await index.createShadow();
      await fold('shadow', aClientStream(STUDIO).added());
      await index.dropShadow();
      await index.createShadow();
      expect(await index.countShadow()).toBe(0);
    });
  });
}

const report = (
  stream: ClientStreamBuilder,
  invitationId: string,
  status: 'sent' | 'failed',
  at: string,
) => ({
  ...aMailDelivery({ studioId: stream.studioId, clientId: stream.clientId, invitationId, status, at }),
  invitationId,
});
