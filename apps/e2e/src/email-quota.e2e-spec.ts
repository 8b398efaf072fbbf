import { type ClientDto } from '@studio/contracts';
import { aClient, createStudio, type StaffSession } from './harness/builders';
import { linkToken, type Mail, waitForMail } from './harness/mailbox';
import { refusedWith } from './harness/problems';
import { type RunningSystem, startSystem } from './harness/system';

/**
 * The daily email quota of a studio (issue 11, finding 7): until its owner opens the verification link sent at
 * sign-up, a studio sends STUDIO_DAILY_EMAILS_UNVERIFIED emails a day; the one over it is not sent and the
 * designer sees its delivery `failed`. Verified, the studio has the higher quota. Embedded: one process.
 */
describe('the daily email quota of a studio, before and after its owner verified (embedded)', () => {
  let system: RunningSystem;
  let staff: StaffSession;

  beforeAll(async () => {
    system = await startSystem('embedded', { env: { STUDIO_DAILY_EMAILS_UNVERIFIED: '2' } });
    staff = await createStudio(system.client);
  });
  afterAll(() => system?.stop());

  const invitations = async () =>
    (await system.mailbox.all()).filter((m: Mail) => /invit/i.test(m.subject)).map((m) => m.to);
  const invite = () => staff.client.addClient({ body: aClient({ invite: {} }) });
  async function deliveryOf(client: ClientDto, until: 'sent' | 'failed'): Promise<string | undefined> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { invitation } = await staff.client.getClient({ params: { id: client.id } });
      if (invitation?.delivery === until || Date.now() > deadline) return invitation?.delivery;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('sends 2 of 3 invitations, records the third as failed, and sends the next once the owner verified', async () => {
    const [first, second, third] = [await invite(), await invite(), await invite()];
    expect(await deliveryOf(third, 'failed')).toBe('failed');
    expect(await deliveryOf(first, 'sent')).toBe('sent');
    expect(await deliveryOf(second, 'sent')).toBe('sent');
    expect((await invitations()).sort()).toEqual([first.email, second.email].sort());
    // Adding and inviting went on as ever: the third is Invited, its email refused.
    expect(third).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });

    const verification = await waitForMail(
      system.mailbox,
      (m) => m.to.includes(staff.email) && /verify your email/i.test(m.subject),
    );
    const token = linkToken(verification, 'email-verifications');
    await system.client.verifyEmail({ params: { token } });
    // Again is answered the same; an unknown link is 404.
    await system.client.verifyEmail({ params: { token } });
    expect(await refusedWith(system.client.verifyEmail({ params: { token: 'no-such-token' } }))).toEqual({
      status: 404,
      code: 'not-found',
    });

    const fourth = await invite();
    expect(await deliveryOf(fourth, 'sent')).toBe('sent');
    expect(await invitations()).toContain(fourth.email);
  });
});
