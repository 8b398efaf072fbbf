import { aClient, createStudio } from './harness/builders';
import { linkToken, waitForMail } from './harness/mailbox';
import { refusedWith } from './harness/problems';
import { startSystem } from './harness/system';

describe('separate processes: a crash loses nothing and sends nothing twice', () => {
  it('delivers the invitation exactly once when notification is killed mid-invitation and restarted', async () => {
    const system = await startSystem('services');
    try {
      const staff = await createStudio(system.client);
      await system.kill('notification');
      const added = await staff.client.addClient({ body: aClient({ invite: {} }) });

      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await system.mailbox.all()).filter((m) => m.to.includes(added.email))).toHaveLength(0);

      await system.restart('notification');
      const mail = await waitForMail(system.mailbox, (m) => m.to.includes(added.email));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await system.mailbox.all()).filter((m) => m.to.includes(added.email))).toHaveLength(1);
      await system.client.getInvitation({ params: { token: linkToken(mail, 'invitations') } });
    } finally {
      await system.stop();
    }
  });

  it('answers 503 while a service is down, and recovers when it is back', async () => {
    const system = await startSystem('services');
    try {
      const staff = await createStudio(system.client);
      await system.kill('projector');
      expect(await refusedWith(staff.client.listClients())).toEqual({
        status: 503,
        code: 'service-unavailable',
      });
      expect(await refusedWith(system.client.ready())).toEqual({ status: 503, code: 'service-unavailable' });
      await system.restart('projector');
      await staff.client.listClients();
    } finally {
      await system.stop();
    }
  });
});

describe('embedded: a restart on the same DATA_DIR keeps everything', () => {
  it('keeps studios, clients, sessions and pending invitations', async () => {
    const system = await startSystem('embedded');
    try {
      const staff = await createStudio(system.client);
      const added = await staff.client.addClient({ body: aClient({ invite: {} }) });
      const token = linkToken(
        await waitForMail(system.mailbox, (m) => m.to.includes(added.email)),
        'invitations',
      );

      await system.terminate('embedded');
      await system.restart('embedded');

      expect(await staff.client.getMe()).toMatchObject({ studio: { slug: staff.slug } });
      expect(await staff.client.getClient({ params: { id: added.id } })).toMatchObject({
        access: 'Invited',
        invitation: { status: 'pending' },
      });
      await system.client.getInvitation({ params: { token } });
      await system.client.acceptInvitation({ params: { token }, body: { password: 'a long enough secret' } });
    } finally {
      await system.stop();
    }
  });
});
