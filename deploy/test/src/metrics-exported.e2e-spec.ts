/* eslint-disable @nx/enforce-module-boundaries -- the e2e harness is app code with no import alias; this check
   starts the system exactly as the e2e suite does. Remove once the harness moves to a library. */
import { createStudio, aClient } from '../../../apps/e2e/src/harness/builders';
import { waitForMail } from '../../../apps/e2e/src/harness/mailbox';
import { type RunningSystem, startSystem } from '../../../apps/e2e/src/harness/system';
/* eslint-enable @nx/enforce-module-boundaries */
import { metricsUsedByMonitoring } from './monitoring-files';

/** Where a running system serves Prometheus metrics: the gateway's ops port, never the public one. */
const metricsUrl = (system: RunningSystem): string => `${system.opsUrl}/metrics`;

/**
 * Names a Prometheus text exposition exports: every sample's name, and every declared metric (a counter that
 * has not counted yet still declares itself), histograms and summaries with the series they expand to.
 */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const declared = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (declared) {
      const [, name, type] = declared as unknown as [string, string, string];
      names.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
    } else if (line && !line.startsWith('#')) names.add(/^[^{\s]+/.exec(line)![0]);
  }
  return names;
}

describe('deploy/monitoring against a running system', () => {
  it('every metric the alerts and the dashboard use is exported by the services', async () => {
    const system = await startSystem('embedded');
    try {
      // A little of everything: a write that sends an email, reads, a 404 and a 400.
      const staff = await createStudio(system.client);
      const client = aClient({ invite: { message: 'Welcome' } });
      expect((await system.api.post('/api/v1/clients', client, { token: staff.token })).status).toBe(201);
      await waitForMail(system.mailbox, (mail) => mail.to.includes(client.email));
      expect((await system.api.get('/api/v1/clients', { token: staff.token })).status).toBe(200);
      expect((await system.api.get('/api/v1/clients/nobody', { token: staff.token })).status).toBe(404);
      expect(
        (await system.api.post('/api/v1/clients', { firstName: 1 }, { token: staff.token })).status,
      ).toBe(400);

      const response = await fetch(metricsUrl(system));
      expect(response.status).toBe(200);
      const exported = exportedNames(await response.text());
      const missing = metricsUsedByMonitoring().filter((name) => !exported.has(name));
      expect(missing).toEqual([]);
    } finally {
      await system.stop();
    }
  });
});
