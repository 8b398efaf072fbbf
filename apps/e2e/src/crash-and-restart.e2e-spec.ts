import { aClient, createStudio } from './harness/builders';
import { linkToken, waitForMail } from './harness/mailbox';
import { startSystem } from './harness/system';

type ClientBody = { id: string; email: string; access: string; invitation: null | { status: string } };

describe('separate processes: a crash loses nothing and sends nothing twice', () => {
  it('delivers the invitation exactly once when notification is killed mid-invitation and restarted', async () => {
    const system = await startSystem('services');
    try {
      const staff = await createStudio(system.api);
      await system.kill('notification');
      const added = await system.api.post<ClientBody>('/api/v1/clients', aClient({ invite: {} }), {
        token: staff.token,
      });
      expect(added.status).toBe(201);

      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await system.mailbox.all()).filter((m) => m.to.includes(added.body.email))).toHaveLength(0);

      await system.restart('notification');
      const mail = await waitForMail(system.mailbox, (m) => m.to.includes(added.body.email));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await system.mailbox.all()).filter((m) => m.to.includes(added.body.email))).toHaveLength(1);
      expect((await system.api.get(`/api/v1/invitations/${linkToken(mail, 'invitations')}`)).status).toBe(
        200,
      );
    } finally {
      await system.stop();
    }
  });

  it('answers 503 while a service is down, and recovers when it is back', async () => {
    const system = await startSystem('services');
    try {
      const staff = await createStudio(system.api);
      await system.kill('projector');
      const listed = await system.api.get('/api/v1/clients', { token: staff.token });
      expect(listed).toMatchObject({ status: 503, body: { code: 'service-unavailable' } });
      expect((await system.api.get('/health/ready')).status).toBe(503);
      await system.restart('projector');
      expect((await system.api.get('/api/v1/clients', { token: staff.token })).status).toBe(200);
    } finally {
      await system.stop();
    }
  });
});

describe('embedded: a restart on the same DATA_DIR keeps everything', () => {
  it('keeps studios, clients, sessions and pending invitations', async () => {
    const system = await startSystem('embedded');
    try {
      const staff = await createStudio(system.api);
      const added = await system.api.post<ClientBody>('/api/v1/clients', aClient({ invite: {} }), {
        token: staff.token,
      });
      const token = linkToken(
        await waitForMail(system.mailbox, (m) => m.to.includes(added.body.email)),
        'invitations',
      );

      await system.terminate('embedded');
      await system.restart('embedded');

      expect((await system.api.get('/api/v1/me', { token: staff.token })).body).toMatchObject({
        studio: { slug: staff.slug },
      });
      const profile = await system.api.get<ClientBody>(`/api/v1/clients/${added.body.id}`, {
        token: staff.token,
      });
      expect(profile.body).toMatchObject({ access: 'Invited', invitation: { status: 'pending' } });
      expect((await system.api.get(`/api/v1/invitations/${token}`)).status).toBe(200);
      const accepted = await system.api.post(`/api/v1/invitations/${token}/acceptance`, {
        password: 'a long enough secret',
      });
      expect(accepted.status).toBe(201);
    } finally {
      await system.stop();
    }
  });
});
