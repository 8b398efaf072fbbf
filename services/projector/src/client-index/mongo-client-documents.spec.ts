import { aClientStream } from '../testing/published-events.builders';
import { foldClients } from './client-fold';
import { clientEventOf } from './client-projection';
import {
  CLIENT_INDEXES,
  clientWrite,
  countChanges,
  countsFilter,
  deliverySync,
  pageFilter,
  pageSort,
  sortKeyOf,
  toClientDocument,
  toCounts,
} from './mongo-client-documents';

const folded = (...events: ReturnType<ReturnType<typeof aClientStream>['added']>[]) =>
  foldClients(
    [],
    events.map((published) => ({ published, event: clientEventOf(published)! })),
  );

describe('the client index as MongoDB documents', () => {
  const stream = aClientStream('studio-a', {
    firstName: 'Ana',
    lastName: 'Costa',
    type: 'Wedding',
    source: 'Instagram',
    tags: ['VIP', 'Spring'],
  });
  const added = stream.added('2025-03-01T09:00:00.000Z');
  const invited = stream.invited('inv-1');

  it('keeps the folded client and the lower-case keys it is found, filtered and sorted by', () => {
    const [row] = folded(added, invited).dirty;
    const document = toClientDocument(row!.state, 'pending');
    expect(document).toMatchObject({
      _id: stream.clientId,
      studioId: 'studio-a',
      access: 'Invited',
      invitationId: 'inv-1',
      delivery: 'pending',
      createdAt: new Date('2025-03-01T09:00:00.000Z'),
      version: 1,
      firstNameLc: 'ana',
      lastNameLc: 'costa',
      fullNameLc: 'ana costa',
      typeLc: 'wedding',
      sourceLc: 'instagram',
      tagsLc: ['vip', 'spring'],
    });
    expect(document.state).toBe(row!.state);
  });

  it('inserts a new client, and updates one only while its document is older than the folded version', () => {
    const fresh = folded(added, invited).dirty[0]!;
    expect(clientWrite(fresh, new Map([['inv-1', 'sent']]))).toMatchObject({
      insertOne: { document: { _id: stream.clientId, delivery: 'sent' } },
    });
    const before = {
      clientId: stream.clientId,
      state: fresh.state,
      delivery: 'failed',
      invitationId: 'inv-1',
    };
    const update = stream.updated({ phone: '+1 555' });
    const again = foldClients([before], [{ published: update, event: clientEventOf(update)! }]);
    const write = clientWrite(again.dirty[0]!, new Map());
    expect(write).toMatchObject({
      updateOne: { filter: { _id: stream.clientId, version: { $lt: again.dirty[0]!.state.version } } },
    });
    // The same invitation keeps the delivery its document had.
    expect(write).toMatchObject({ updateOne: { update: { $set: { delivery: 'failed' } } } });
    expect('_id' in (write as { updateOne: { update: { $set: object } } }).updateOne.update.$set).toBe(false);
  });

  it('moves the tabs by the rows written: +1 where a client is now, -1 where it was', () => {
    const fresh = folded(added).dirty[0]!;
    expect(countChanges([fresh])).toEqual([
      {
        updateOne: {
          filter: { _id: { studio: 'studio-a', access: 'Inactive' } },
          update: { $inc: { count: 1 } },
          upsert: true,
        },
      },
    ]);
    const before = { clientId: stream.clientId, state: fresh.state, delivery: null, invitationId: null };
    const moved = foldClients([before], [{ published: invited, event: clientEventOf(invited)! }]).dirty;
    expect(countChanges(moved).map((op) => 'updateOne' in op && op.updateOne)).toEqual([
      expect.objectContaining({
        filter: { _id: { studio: 'studio-a', access: 'Invited' } },
        update: { $inc: { count: 1 } },
      }),
      expect.objectContaining({
        filter: { _id: { studio: 'studio-a', access: 'Inactive' } },
        update: { $inc: { count: -1 } },
      }),
    ]);
    expect(countsFilter('s')).toEqual({
      _id: {
        $in: [
          { studio: 's', access: 'Inactive' },
          { studio: 's', access: 'Invited' },
          { studio: 's', access: 'Active' },
        ],
      },
    });
    expect(toCounts([{ _id: { studio: 's', access: 'Active' }, count: 4 }])).toEqual({
      Inactive: 0,
      Invited: 0,
      Active: 4,
    });
  });

  it('filters a page by studio and filters, a search as a literal prefix, and the keyset after the cursor', () => {
    expect(pageFilter({ studioId: 's', sort: 'lastName', limit: 3 })).toEqual({ studioId: 's' });
    expect(
      pageFilter({
        studioId: 's',
        sort: '-createdAt',
        limit: 3,
        q: 'a.b',
        access: 'Active',
        type: 'wedding',
        source: 'web',
        tag: 'vip',
        cursor: { sort: '-createdAt', key: '2025-03-01T09:00:00.000Z', id: 'c9' },
      }),
    ).toEqual({
      studioId: 's',
      access: 'Active',
      typeLc: 'wedding',
      sourceLc: 'web',
      tagsLc: 'vip',
      $and: [
        {
          $or: [
            { fullNameLc: { $regex: '^a\\.b' } },
            { lastNameLc: { $regex: '^a\\.b' } },
            { email: { $regex: '^a\\.b' } },
          ],
        },
        {
          $or: [
            { createdAt: { $lt: new Date('2025-03-01T09:00:00.000Z') } },
            { createdAt: new Date('2025-03-01T09:00:00.000Z'), _id: { $lt: 'c9' } },
          ],
        },
      ],
    });
    expect(
      pageFilter({ studioId: 's', sort: 'email', limit: 3, cursor: { sort: 'email', key: 'b@x', id: 'c1' } })
        .$and,
    ).toEqual([{ $or: [{ email: { $gt: 'b@x' } }, { email: 'b@x', _id: { $gt: 'c1' } }] }]);
  });

  it('sorts by the key then the id, in the same direction, and gives the key as a cursor carries it', () => {
    expect(pageSort('lastName')).toEqual({ lastNameLc: 1, _id: 1 });
    expect(pageSort('-createdAt')).toEqual({ createdAt: -1, _id: -1 });
    const document = toClientDocument(folded(added).dirty[0]!.state, null);
    expect(sortKeyOf(document, '-createdAt')).toBe('2025-03-01T09:00:00.000Z');
    expect(sortKeyOf(document, 'firstName')).toBe('ana');
  });

  it('has an index for each order, ending in the id, each led by the studio (but the invitation)', () => {
    for (const sort of ['lastName', 'firstName', 'email', 'createdAt'] as const) {
      const key = pageSort(sort) as Record<string, 1 | -1>;
      expect(CLIENT_INDEXES.map((index) => index.key)).toContainEqual({ studioId: 1, ...key });
    }
    expect(new Set(CLIENT_INDEXES.map((index) => index.name)).size).toBe(CLIENT_INDEXES.length);
    expect(CLIENT_INDEXES.filter((index) => !('studioId' in index.key)).map((index) => index.key)).toEqual([
      { invitationId: 1 },
    ]);
  });

  it('gives clients their reported delivery server-side, merging into the same collection', () => {
    const pipeline = deliverySync('client_index_rebuild');
    expect(pipeline[1]).toMatchObject({
      $lookup: { from: 'invitation_delivery', localField: 'invitationId' },
    });
    expect(pipeline.at(-1)).toEqual({
      $merge: { into: 'client_index_rebuild', on: '_id', whenMatched: 'merge', whenNotMatched: 'discard' },
    });
  });
});
