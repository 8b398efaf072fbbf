import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, waitForMail } from './harness/mailbox';
import { refusedWith } from './harness/problems';
import { type Mode, type RunningSystem, startSystem } from './harness/system';

const MODES: readonly Mode[] = ['services', 'embedded'];

describe.each(MODES)('invitation expiry with INVITATION_TTL=2s (%s)', (mode) => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem(mode, { env: { INVITATION_TTL: '2s', INVITATION_SWEEP_INTERVAL: '1s' } });
    staff = await createStudio(system.client);
  });
  afterAll(() => system?.stop());

  it('expires the link at use time, records the expiry, and a resend gives a working link', async () => {
    const client = await staff.client.addClient({ body: aClient({ invite: {} }) });
    const params = { id: client.id };
    const mail = await waitForMail(system.mailbox, (m) => m.to.includes(client.email));
    expect(mail.text).toMatch(/active for [12] seconds?, until/);
    const expired = linkToken(mail, 'invitations');

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const gone = { status: 410, code: 'invitation-expired' };
    expect(await refusedWith(system.client.getInvitation({ params: { token: expired } }))).toEqual(gone);
    const accept = (token: string) =>
      system.client.acceptInvitation({ params: { token }, body: { password: 'a long enough secret' } });
    expect(await refusedWith(accept(expired))).toEqual(gone);

    // The sweep records the expiry, so the index and the profile show it (and the designer can resend).
    await eventually(async () => {
      expect(await staff.client.getClient({ params })).toMatchObject({
        access: 'Invited',
        invitation: { status: 'expired' },
      });
    });
    const history = await staff.client.getClientHistory({ params });
    expect(history.events.map((e) => e.type)).toContain('ClientInvitationExpired');

    const resent = await staff.client.resendInvitation({ params });
    expect(resent).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });
    const fresh = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(client.email) && linkToken(m, 'invitations') !== expired,
      ),
      'invitations',
    );
    await accept(fresh);
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
