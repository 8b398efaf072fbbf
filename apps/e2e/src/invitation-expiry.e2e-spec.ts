import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, waitForMail } from './harness/mailbox';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

type ClientBody = { id: string; email: string; access: string; invitation: null | { status: string } };
const MODES: readonly Mode[] = ['services', 'embedded'];

describe.each(MODES)('invitation expiry with INVITATION_TTL=2s (%s)', (mode) => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem(mode, { env: { INVITATION_TTL: '2s', INVITATION_SWEEP_INTERVAL: '1s' } });
    staff = await createStudio(system.api);
  });
  afterAll(() => system?.stop());

  it('expires the link at use time, records the expiry, and a resend gives a working link', async () => {
    const added = await system.api.post<ClientBody>('/api/v1/clients', aClient({ invite: {} }), {
      token: staff.token,
    });
    const client = added.body;
    const mail = await waitForMail(system.mailbox, (m) => m.to.includes(client.email));
    expect(mail.text).toMatch(/active for [12] seconds?, until/);
    const expired = linkToken(mail, 'invitations');

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await system.api.get(`/api/v1/invitations/${expired}`)).toMatchObject({
      status: 410,
      body: { code: 'invitation-expired' },
    });
    const refused = await system.api.post(`/api/v1/invitations/${expired}/acceptance`, {
      password: 'a long enough secret',
    });
    expect(refused).toMatchObject({ status: 410, body: { code: 'invitation-expired' } });

    // The sweep records the expiry, so the index and the profile show it (and the designer can resend).
    await eventually(async () => {
      const profile = await system.api.get<ClientBody>(`/api/v1/clients/${client.id}`, {
        token: staff.token,
      });
      expect(profile.body).toMatchObject({ access: 'Invited', invitation: { status: 'expired' } });
    });
    const history = await system.api.get<{ events: { type: string }[] }>(
      `/api/v1/clients/${client.id}/history`,
      { token: staff.token },
    );
    expect(history.body.events.map((e) => e.type)).toContain('ClientInvitationExpired');

    const resent = await system.api.post<ClientBody>(
      `/api/v1/clients/${client.id}/invitation/resend`,
      undefined,
      { token: staff.token },
    );
    expect(resent.body).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });
    const fresh = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(client.email) && linkToken(m, 'invitations') !== expired,
      ),
      'invitations',
    );
    const accepted = await system.api.post(`/api/v1/invitations/${fresh}/acceptance`, {
      password: 'a long enough secret',
    });
    expect(accepted.status).toBe(201);
  });
});

async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
