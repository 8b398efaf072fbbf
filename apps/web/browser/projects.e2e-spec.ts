import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Mode, type RunningSystem, startSystem } from '../../e2e/src/harness/system';
import { launchChromium, newContext } from './support/chromium';
import { checkPage, visible } from './support/page-checks';
import { ensureWebBuilt } from './support/web-build';
import { linkPath, nextMail } from './support/web-mail';

/*
 * Projects in the browser: the designer creates, renames and fills a project; the client sees it on the
 * dashboard, and the designer on the client's profile.
 */
const MODES: readonly Mode[] = (process.env.WEB_E2E_MODES?.split(',') as Mode[] | undefined) ?? [
  'services',
  'embedded',
];

describe('projects in the web app', () => {
  let browser: Browser;
  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describe.each(MODES)('%s', (mode) => {
    const id = randomBytes(3).toString('hex');
    const designer = { email: `dana-${id}@oaklinen.test`, password: 'a long studio secret' };
    const ana = { firstName: 'Ana', lastName: `Silva${id}`, email: `ana-${id}@client.test` };
    let system: RunningSystem;
    let staff: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      system = await startSystem(mode);
      const created = await system.api.post<{ session: { token: string } }>('/api/v1/studios', {
        name: `Oak & Linen ${id}`,
        slug: `oak-linen-${id}`,
        owner: { firstName: 'Dana', lastName: 'Reyes', ...designer },
      });
      const token = created.body.session.token;
      await system.api.post('/api/v1/clients', { ...ana, invite: {} }, { token });
      staff = await newContext(browser, system.api.baseUrl.replace('//127.0.0.1', '//localhost'));
      page = await staff.newPage();
      await page.goto(`/studios/oak-linen-${id}/sign-in`);
      await page.getByLabel('Email').fill(designer.email);
      await page.getByLabel('Password').fill(designer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/clients');
    });
    afterAll(async () => {
      await staff?.close();
      await system?.stop();
    });

    it('creates, renames and fills a project; the client sees it on the dashboard and the profile lists it', async () => {
      await page.goto('/projects');
      await page.getByRole('button', { name: 'New project' }).click();
      await page.getByLabel('Project name').fill('Kitchen remodel');
      await page.getByRole('button', { name: 'Create project' }).click();
      await visible(page.getByRole('heading', { name: 'Kitchen remodel' }));
      await page.getByRole('button', { name: 'Rename Kitchen remodel' }).click();
      await page.getByLabel('Project name').fill('Kitchen and pantry');
      await page.getByRole('button', { name: 'Save name' }).click();
      await visible(page.getByRole('heading', { name: 'Kitchen and pantry' }));
      await page.getByLabel('Client to add').selectOption({ label: `Ana ${ana.lastName} (${ana.email})` });
      await page.getByRole('button', { name: 'Add to project' }).click();
      await visible(page.getByRole('button', { name: `Remove Ana ${ana.lastName} from Kitchen and pantry` }));
      await checkPage(page, 'projects');

      const client = await (
        await newContext(browser, system.api.baseUrl.replace('//127.0.0.1', '//localhost'))
      ).newPage();
      await client.goto(linkPath(await nextMail(system.mailbox, ana.email, /invit/i), 'invitations'));
      await client.getByLabel('Password').fill('ana picks a long one');
      await client.getByRole('button', { name: 'Create Your Password' }).click();
      await client.waitForURL('**/dashboard');
      await visible(client.getByText('Kitchen and pantry'));
      await checkPage(client, 'dashboard-with-project');

      await page.goto('/clients');
      await page.getByRole('link', { name: `Ana ${ana.lastName}` }).click();
      await visible(page.getByText('Kitchen and pantry'));

      await page.goto('/projects');
      await page.getByRole('button', { name: `Remove Ana ${ana.lastName} from Kitchen and pantry` }).click();
      await visible(page.getByText('No clients in this project yet.'));
      await client.close();
    });
  });
});
