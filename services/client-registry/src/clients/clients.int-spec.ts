import {
  type ClientRef,
  type ClientWriteResult,
  type ClientRecord,
  type HistoryEntryDto,
  type PublishedEvent,
  RequestSubject,
} from '@studio/contracts';
import { createEventStore } from '@studio/event-store';
import type { DurableMessage } from '@studio/messaging';
import { type InProcessSystem, startInProcess } from '@studio/service-kit';
import { createDatabase, type SqlDatabase } from '@studio/sql';
import { freshDatabase } from '@studio/testing';
import { clientRegistryService } from '../index';
import {
  aProfile,
  anAddClientBody,
  STAFF_A,
  STUDIO_A,
  STUDIO_B,
  uniqueEmail,
} from '../testing/registry.builders';

const HOUR_MS = 3_600_000;
let now = new Date('2025-03-01T09:00:00.000Z');
const clock = { now: () => now };

describe('client-registry', () => {
  let system: InProcessSystem;
  let drop: () => Promise<void>;
  const dbs: SqlDatabase[] = [];
  const published: PublishedEvent[] = [];

  beforeAll(async () => {
    const fresh = await freshDatabase('registry');
    drop = fresh.drop;
    system = await startInProcess([clientRegistryService], {
      env: { INVITATION_TTL: '72h' },
      databaseFor: async (name) => {
        const db = await createDatabase(fresh.url, { schema: name.replace(/-/g, '_') });
        dbs.push(db);
        return db;
      },
      openEventStore: () => createEventStore(fresh.url),
      clock,
    });
    await system.bus.consume('test.client-events', 'events.client.>', async (message: DurableMessage) => {
      published.push(message.data as PublishedEvent);
    });
  });

  afterAll(async () => {
    await system.stop();
    await Promise.all(dbs.map((db) => db.close()));
    await drop();
  });

  const request = <V>(subject: string, body: unknown, correlationId?: string): Promise<V> =>
    system.hub.request<V>(subject, body, { actor: STAFF_A, ...(correlationId ? { correlationId } : {}) });
  const write = (subject: string, body: unknown) =>
    request<ClientWriteResult>(subject, body).then((r) => r.client);
  const add = (invite = false) =>
    write(RequestSubject.addClient, anAddClientBody({ invite: invite ? { message: 'Welcome' } : null }));
  const ref = (client: ClientRecord, studioId = STUDIO_A): ClientRef => ({ studioId, clientId: client.id });
  const history = (client: ClientRecord) =>
    request<{ events: HistoryEntryDto[] }>(RequestSubject.clientHistory, ref(client)).then((h) => h.events);
  const currentInvitationId = async (client: ClientRecord): Promise<string> => {
    const invited = (await history(client)).filter(
      (e) => e.type === 'ClientInvited' || e.type === 'ClientInvitationResent',
    );
    return String(invited.at(-1)?.data.invitationId);
  };
  const accept = async (client: ClientRecord) =>
    write(RequestSubject.acceptInvitation, {
      ...ref(client),
      invitationId: await currentInvitationId(client),
    });
  const refused = (promise: Promise<unknown>, code: string) =>
    expect(promise).rejects.toMatchObject({ problem: { code } });

  describe('the access table', () => {
    it('add → Inactive; add & invite → Invited with a pending invitation, in one append', async () => {
      expect(await add()).toMatchObject({ access: 'Inactive', invitation: null, version: 0 });
      const invited = await add(true);
      expect(invited).toMatchObject({
        access: 'Invited',
        version: 1,
        invitation: { status: 'pending', delivery: 'pending' },
      });
      expect(invited.invitation?.expiresAt).toBe(new Date(now.getTime() + 72 * HOUR_MS).toISOString());
    });

    it('Inactive, send invite → Invited; revoke → Inactive', async () => {
      const client = await add();
      expect(await write(RequestSubject.sendInvitation, { ...ref(client), message: 'Hi' })).toMatchObject({
        access: 'Invited',
      });
      expect(await write(RequestSubject.revokeInvitation, ref(client))).toMatchObject({
        access: 'Inactive',
        invitation: null,
      });
    });

    it('Invited, TTL passes → expired (a second sweep is a quiet no-op); resend → a new pending link', async () => {
      const client = await add(true);
      const invitationId = await currentInvitationId(client);
      now = new Date(now.getTime() + 73 * HOUR_MS);
      const expired = await write(RequestSubject.expireInvitation, { ...ref(client), invitationId });
      expect(expired).toMatchObject({ access: 'Invited', invitation: { status: 'expired' } });
      const again = await write(RequestSubject.expireInvitation, { ...ref(client), invitationId });
      expect(again.version).toBe(expired.version);
      const resent = await write(RequestSubject.resendInvitation, ref(client));
      expect(resent).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });
      expect(await currentInvitationId(client)).not.toBe(invitationId);
      // The replaced link no longer expires anything.
      now = new Date(now.getTime() + 73 * HOUR_MS);
      expect((await write(RequestSubject.expireInvitation, { ...ref(client), invitationId })).version).toBe(
        resent.version,
      );
    });

    it('Invited, accept → Active; Active, send invite → client-active; deactivate → Inactive; invite & accept again → Active', async () => {
      const client = await add(true);
      const accepted = await accept(client);
      expect(accepted).toMatchObject({ access: 'Active', activatedAt: now.toISOString() });
      // A repeated acceptance (its answer was lost) gets the same client, and appends nothing.
      expect(await accept(client)).toEqual(accepted);
      await refused(write(RequestSubject.sendInvitation, { ...ref(client), message: null }), 'client-active');
      expect(await write(RequestSubject.deactivateClient, ref(client))).toMatchObject({ access: 'Inactive' });
      await write(RequestSubject.sendInvitation, { ...ref(client), message: null });
      expect(await accept(client)).toMatchObject({ access: 'Active' });
    });

    it('Invited, deactivate → Inactive and the link dies; refusals by state', async () => {
      const client = await add(true);
      await refused(
        write(RequestSubject.sendInvitation, { ...ref(client), message: null }),
        'invitation-pending',
      );
      const invitationId = await currentInvitationId(client);
      expect(await write(RequestSubject.deactivateClient, ref(client))).toMatchObject({
        access: 'Inactive',
        invitation: null,
      });
      await refused(
        write(RequestSubject.acceptInvitation, { ...ref(client), invitationId }),
        'invitation-revoked',
      );
      await refused(write(RequestSubject.deactivateClient, ref(client)), 'client-inactive');
      await refused(write(RequestSubject.resendInvitation, ref(client)), 'no-invitation');
      await refused(write(RequestSubject.revokeInvitation, ref(client)), 'no-invitation');
    });

    it('an invalid profile → validation-failed, nothing stored', async () => {
      await refused(
        write(RequestSubject.addClient, anAddClientBody({ profile: aProfile({ email: 'nope' }) })),
        'validation-failed',
      );
    });
  });

  describe('email uniqueness', () => {
    it('20 concurrent adds of one email: exactly one wins, 19 get email-taken', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          write(
            RequestSubject.addClient,
            anAddClientBody({ profile: aProfile({ email: i % 2 ? email.toUpperCase() : email }) }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) =>
        r.status === 'rejected' ? [(r.reason as { problem: { code: string } }).problem.code] : [],
      );
      expect(codes).toEqual(Array.from({ length: 19 }, () => 'email-taken'));
    });

    it('an email change frees the old address and takes the new one', async () => {
      const [oldEmail, newEmail] = [uniqueEmail('old'), uniqueEmail('new')];
      const client = await write(
        RequestSubject.addClient,
        anAddClientBody({ profile: aProfile({ email: oldEmail }) }),
      );
      const updated = await write(RequestSubject.updateClient, {
        ...ref(client),
        profile: { email: newEmail },
        expectedVersion: 0,
      });
      expect(updated).toMatchObject({ email: newEmail, version: 1 });
      await refused(
        write(RequestSubject.addClient, anAddClientBody({ profile: aProfile({ email: newEmail }) })),
        'email-taken',
      );
      await expect(
        write(RequestSubject.addClient, anAddClientBody({ profile: aProfile({ email: oldEmail }) })),
      ).resolves.toMatchObject({
        email: oldEmail,
      });
    });

    it("changing to another client's email → email-taken", async () => {
      const [first, second] = [await add(), await add()];
      const change = { ...ref(second), profile: { email: first.email }, expectedVersion: null };
      await refused(write(RequestSubject.updateClient, change), 'email-taken');
    });

    it('staff and clients share one scope per studio; another studio may use the same email', async () => {
      const email = uniqueEmail('staff');
      const reserve = { studioId: STUDIO_A, staffId: 'staff-9', email };
      await expect(request(RequestSubject.reserveStaffEmail, reserve)).resolves.toEqual({});
      await expect(request(RequestSubject.reserveStaffEmail, reserve)).resolves.toEqual({});
      await refused(
        request(RequestSubject.reserveStaffEmail, { ...reserve, staffId: 'staff-10' }),
        'email-taken',
      );
      await refused(
        write(RequestSubject.addClient, anAddClientBody({ profile: aProfile({ email }) })),
        'email-taken',
      );
      await expect(
        write(
          RequestSubject.addClient,
          anAddClientBody({ studioId: STUDIO_B, profile: aProfile({ email }) }),
        ),
      ).resolves.toBeDefined();
    });
  });

  it('update with a stale expectedVersion → version-mismatch', async () => {
    const client = await add();
    await write(RequestSubject.updateClient, {
      ...ref(client),
      profile: { firstName: 'Bea' },
      expectedVersion: 0,
    });
    await refused(
      write(RequestSubject.updateClient, {
        ...ref(client),
        profile: { firstName: 'Cleo' },
        expectedVersion: 0,
      }),
      'version-mismatch',
    );
  });

  it('concurrent edits without If-Match are re-decided, none lost', async () => {
    const client = await add();
    const names = ['Bea', 'Cleo', 'Dora'];
    await Promise.all(
      names.map((firstName, i) =>
        write(RequestSubject.updateClient, {
          ...ref(client),
          profile: { firstName, tags: [`t${i}`] },
          expectedVersion: null,
        }),
      ),
    );
    const state = await request<ClientRecord>(RequestSubject.getClientState, ref(client));
    expect(state.version).toBe(3);
    expect((await history(client)).filter((e) => e.type === 'ClientProfileUpdated')).toHaveLength(3);
  });

  it("another studio's client is not found, for reads and writes alike", async () => {
    const client = await add(true);
    const foreign = ref(client, STUDIO_B);
    await refused(request(RequestSubject.getClientState, foreign), 'client-not-found');
    await refused(request(RequestSubject.clientHistory, foreign), 'client-not-found');
    await refused(
      write(RequestSubject.updateClient, { ...foreign, profile: { firstName: 'X' }, expectedVersion: null }),
      'client-not-found',
    );
    await refused(write(RequestSubject.deactivateClient, foreign), 'client-not-found');
    await refused(write(RequestSubject.revokeInvitation, foreign), 'client-not-found');
    await refused(
      write(RequestSubject.acceptInvitation, { ...foreign, invitationId: await currentInvitationId(client) }),
      'client-not-found',
    );
  });

  it('state and history come from the stream, oldest first, without secrets', async () => {
    const client = await add(true);
    await write(RequestSubject.updateClient, {
      ...ref(client),
      profile: { phone: '+351 912 345 678' },
      expectedVersion: null,
    });
    expect(await request(RequestSubject.getClientState, ref(client))).toMatchObject({
      phone: '+351 912 345 678',
      version: 2,
    });
    const events = await history(client);
    expect(events.map((e) => e.type)).toEqual(['ClientAdded', 'ClientInvited', 'ClientProfileUpdated']);
    expect(events[0]).toMatchObject({ by: { kind: 'staff', id: STAFF_A.id }, data: { firstName: 'Ana' } });
    expect(JSON.stringify(events)).not.toMatch(/token|hash|password/i);
  });

  it('publishes appended events on the bus in stream order, carrying the correlation id', async () => {
    const result = await request<ClientWriteResult>(
      RequestSubject.addClient,
      anAddClientBody({ invite: { message: null } }),
      'corr-1',
    );
    const client = result.client;
    await write(RequestSubject.revokeInvitation, ref(client));
    await write(RequestSubject.sendInvitation, { ...ref(client), message: null });
    const stream = `client-${client.id}`;
    await waitFor(() => published.filter((e) => e.streamId === stream).length === 4);
    const mine = published.filter((e) => e.streamId === stream);
    expect(mine.map((e) => [e.streamVersion, e.type])).toEqual([
      [0, 'ClientAdded'],
      [1, 'ClientInvited'],
      [2, 'ClientInvitationRevoked'],
      [3, 'ClientInvited'],
    ]);
    expect(mine[0]?.metadata.correlationId).toBe('corr-1');
    expect(mine.at(-1)?.position).toBeDefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
