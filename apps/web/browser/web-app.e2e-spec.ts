import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api } from '../../e2e/src/harness/http';
import { type Mode, type RunningSystem, startSystem } from '../../e2e/src/harness/system';
import { DESKTOP, launchChromium, MOBILE, newContext, watchForPageErrors } from './support/chromium';
import { checkPage, eventually, fieldError, rowsShown, visible, widthFits } from './support/page-checks';
import { ensureWebBuilt } from './support/web-build';
import { linkPath, nextMail } from './support/web-mail';

/*
 * The web app in a real Chromium against the whole system, as the designer and their clients use it: sign
 * up, the four add buttons, invitations from the form and the profile, the client portal, dead links,
 * deactivation, forgot password, axe-core on every page and a 375 px run. Both run modes, one browser.
 */
const MODES: readonly Mode[] = (process.env.WEB_E2E_MODES?.split(',') as Mode[] | undefined) ?? [
  'services',
  'embedded',
];
const INVITATION = /invit/i;
const RESET = /password/i;
const VERIFY = /verify your email/i;

let browser: Browser;
beforeAll(async () => {
  ensureWebBuilt();
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(MODES)('the web app (%s)', (mode) => {
  const id = randomBytes(3).toString('hex');
  const studio = { name: `Oak & Linen ${id}`, slug: `oak-linen-${id}` };
  const designer = {
    firstName: 'Dana',
    lastName: 'Reyes',
    email: `dana-${id}@oaklinen.test`,
    password: 'a long studio secret',
  };
  const ana = {
    firstName: 'Ana',
    lastName: `Silva${id}`,
    email: `ana-${id}@client.test`,
    password: 'ana picks a long one',
  };
  let system: RunningSystem;
  let staff: BrowserContext;
  let page: Page;
  let pageProblems: () => readonly string[];
  const contexts: BrowserContext[] = [];

  // The address of PUBLIC_URL (the emails' links), where the Secure session cookie is accepted over http.
  const baseUrl = () => system.api.baseUrl.replace('//127.0.0.1', '//localhost');

  async function context(size: typeof DESKTOP | typeof MOBILE = DESKTOP): Promise<Page> {
    const created = await newContext(browser, baseUrl(), size);
    contexts.push(created);
    const opened = await created.newPage();
    const problems = watchForPageErrors(opened);
    afterProblems.push(problems);
    return opened;
  }
  const afterProblems: (() => readonly string[])[] = [];

  beforeAll(async () => {
    system = await startSystem(mode);
    staff = await newContext(browser, baseUrl());
    contexts.push(staff);
    page = await staff.newPage();
    pageProblems = watchForPageErrors(page);
  });
  afterEach(() => {
    expect([...pageProblems(), ...afterProblems.flatMap((p) => p())]).toEqual([]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await system?.stop();
  });

  async function addClientFromDialog(person: { firstName: string; lastName: string; email: string }) {
    const dialog = page.getByRole('dialog');
    if (!(await dialog.isVisible()))
      await page.getByRole('button', { name: 'Add client', exact: true }).click();
    await visible(dialog);
    await dialog.getByLabel('First name').fill(person.firstName);
    await dialog.getByLabel('Last name').fill(person.lastName);
    await dialog.getByLabel('Email').fill(person.email);
    return dialog;
  }
  const chooseAddOption = async (option: string) => {
    await page.getByRole('button', { name: 'More add options' }).click();
    await page.getByRole('menuitem', { name: option }).click();
  };
  const row = (name: string) => page.getByRole('row').filter({ hasText: name });
  const staffToken = async () =>
    (
      await system.api.post<{ token: string }>(`/api/v1/studios/${studio.slug}/sessions`, {
        email: designer.email,
        password: designer.password,
      })
    ).body.token;

  it('shows what the portal is, with Sign in and Create a studio', async () => {
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1 }));
    await checkPage(page, 'home');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await visible(page.getByLabel('Studio address'));
    await checkPage(page, 'sign-in-choose-studio');
    await page.goto('/');
    await page.getByRole('link', { name: 'Create a studio' }).click();
    await page.waitForURL('**/sign-up');
  });

  it('creates a studio, showing a refused field next to it first', async () => {
    await visible(page.getByLabel('Studio name'));
    await page.getByLabel('Studio name').fill(studio.name);
    await page.getByLabel('Studio address').fill(studio.slug);
    await page.getByLabel('First name').fill(designer.firstName);
    await page.getByLabel('Last name').fill(designer.lastName);
    await page.getByLabel('Email').fill(designer.email);
    await page.getByLabel('Password').fill('password');
    await checkPage(page, 'sign-up');
    await page.getByRole('button', { name: 'Create studio' }).click();
    expect(await fieldError(page, 'Password')).toMatch(/common/i);

    await page.getByLabel('Password').fill(designer.password);
    await page.getByRole('button', { name: 'Create studio' }).click();
    await page.waitForURL('**/clients');
    await visible(page.getByRole('heading', { name: 'Clients' }));
    await visible(page.getByText('No clients yet'));
    await checkPage(page, 'clients-empty');
  });

  it("verifies the owner's email from the link sent at sign-up; an unknown link says so", async () => {
    const mail = await nextMail(system.mailbox, designer.email, VERIFY);
    const visitor = await context();
    await visitor.goto(linkPath(mail, 'email-verifications'));
    await visible(visitor.getByRole('heading', { name: 'Your email is verified' }));
    await checkPage(visitor, 'email-verified');
    await visitor.goto('/email-verifications/no-such-token');
    await visible(visitor.getByRole('heading', { name: 'We can’t find this verification link' }));
  });

  it('adds a client with each of the four buttons, each with its own result', async () => {
    // "Add": the client is in the list, Inactive.
    const added = { firstName: 'Bea', lastName: `Added${id}`, email: `bea-${id}@client.test` };
    const dialog = await addClientFromDialog(added);
    await dialog.getByLabel('Phone').fill('+1 555 0100');
    await dialog.getByLabel('Client type').fill('Residential');
    await dialog.getByLabel('Client source').fill('Referral');
    await dialog.getByLabel('Tags').fill('Kitchen, VIP');
    await checkPage(page, 'add-client');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await visible(page.getByText(`Added Bea ${added.lastName}.`));
    await visible(row(added.lastName).getByText('Inactive'));
    expect(await dialog.isVisible()).toBe(false);

    // "Add & open": the new client's profile.
    const opened = { firstName: 'Cy', lastName: `Opened${id}`, email: `cy-${id}@client.test` };
    await addClientFromDialog(opened);
    await chooseAddOption('Add & open');
    await page.waitForURL(/\/clients\/[^/]+$/);
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(opened.lastName) }));
    await visible(page.getByRole('button', { name: 'Send invite' }));

    // "Add & create new": the form again, empty, ready for the next client.
    await page.getByRole('link', { name: 'Clients', exact: true }).first().click();
    const next = { firstName: 'Dee', lastName: `Next${id}`, email: `dee-${id}@client.test` };
    const form = await addClientFromDialog(next);
    await chooseAddOption('Add & create new');
    await visible(form.getByText(`Added Dee ${next.lastName}. Add the next client.`));
    expect(await form.getByLabel('First name').inputValue()).toBe('');
    expect(await form.getByLabel('Email').inputValue()).toBe('');

    // "Add & invite": the generic message, pre-filled with the studio and the first name, edited, then sent.
    await addClientFromDialog(ana);
    await chooseAddOption('Add & invite');
    const message = form.getByLabel('Message');
    await visible(message);
    const draft = await message.inputValue();
    expect(draft).toContain(`Hi ${ana.firstName},`);
    expect(draft).toContain(studio.name);
    await message.fill(`Dear Ana, your kitchen plans are ready to see. <b>${id}</b>`);
    await checkPage(page, 'add-client-invite');
    await form.getByRole('button', { name: 'Send invite' }).click();
    await visible(page.getByText(`Added Ana ${ana.lastName} and sent the invitation.`));
    await visible(row(ana.lastName).getByText('Invited'));
    await visible(row(next.lastName).getByText('Inactive'));

    const mail = await nextMail(system.mailbox, ana.email, INVITATION);
    expect(mail.text).toContain(`Dear Ana, your kitchen plans are ready to see. <b>${id}</b>`);
    expect(mail.html).not.toContain(`<b>${id}</b>`);
  });

  it('shows the index by tab with counts, search, filters, sort and pages', async () => {
    const token = await staffToken();
    for (let i = 0; i < 24; i++) {
      const n = String(i).padStart(2, '0');
      const answer = await system.api.post(
        '/api/v1/clients',
        {
          firstName: `Page${n}`,
          lastName: `Zz${id}${n}`,
          email: `page-${n}-${id}@client.test`,
          type: 'Lead',
        },
        { token },
      );
      expect(answer.status).toBe(201);
    }
    await page.goto('/clients');
    const allTab = page.getByRole('tab', { name: 'All', exact: true });
    await visible(allTab);
    await visible(allTab.getByText('28', { exact: true }));
    await visible(page.getByRole('tab', { name: 'Invited', exact: true }).getByText('1', { exact: true }));
    expect(await allTab.getAttribute('aria-describedby')).toBeTruthy();
    expect(await page.locator(`[id="${await allTab.getAttribute('aria-describedby')}"]`).textContent()).toBe(
      '28 clients',
    );
    await checkPage(page, 'clients');

    await page.getByRole('button', { name: 'Next page' }).click();
    await visible(page.getByText('Page 2'));
    await visible(row(`Zz${id}23`));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await visible(page.getByText('Page 1'));
    await visible(row(ana.lastName));

    await page.getByRole('tab', { name: 'Invited', exact: true }).click();
    await visible(row(ana.lastName));
    await rowsShown(page, 1);
    await page.getByRole('tab', { name: 'All', exact: true }).click();

    await page.getByLabel('Search').fill(`Added${id}`);
    await page.waitForURL(/q=Added/);
    await visible(row(`Added${id}`));
    await rowsShown(page, 1);
    await page.getByLabel('Search').fill('');

    await page.getByLabel('Type', { exact: true }).fill('Residential');
    await page.getByLabel('Type', { exact: true }).press('Enter');
    await rowsShown(page, 1);
    await visible(row(`Added${id}`));
    await page.getByLabel('Type', { exact: true }).fill('');
    await page.getByLabel('Type', { exact: true }).press('Enter');
    await page.getByLabel('Tag', { exact: true }).fill('VIP');
    await page.getByLabel('Tag', { exact: true }).press('Enter');
    await rowsShown(page, 1);
    await page.getByLabel('Tag', { exact: true }).fill('');
    await page.getByLabel('Tag', { exact: true }).press('Enter');

    await page.getByLabel('Sort').selectOption('-lastName');
    await page.waitForURL(/sort=-lastName/);
    await eventually(
      async () => ((await page.locator('tbody tr').first().textContent()) ?? '').includes(`Zz${id}23`),
      'the last name first',
    );
  });

  it('works from the keyboard alone: Add client, its fields, the add menu and "Add & open"', async () => {
    await page.goto('/clients');
    await page.getByRole('button', { name: 'Add client', exact: true }).focus();
    await page.keyboard.press('Enter');
    await visible(page.getByRole('dialog'));
    const focused = () =>
      page.evaluate<string>(
        '(document.activeElement.getAttribute("aria-label") || document.activeElement.labels?.[0]?.textContent || document.activeElement.textContent || "").trim()',
      );
    expect(await focused()).toBe('First name');
    await page.keyboard.type('Kai');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`Keys${id}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`kai-${id}@client.test`);
    for (let presses = 0; presses < 12 && (await focused()) !== 'More add options'; presses++)
      await page.keyboard.press('Tab');
    expect(await focused()).toBe('More add options');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Add & invite');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Add & open');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/clients\/[^/]+$/);
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`Keys${id}`) }));
  });

  let anaInvitation: string;
  let anaPage: Page;
  it('lets the invited client open the emailed link, create a password and land on the dashboard', async () => {
    anaInvitation = linkPath(await nextMail(system.mailbox, ana.email, INVITATION), 'invitations');
    anaPage = await context();
    await anaPage.goto(anaInvitation);
    await visible(anaPage.getByRole('heading', { name: `Welcome, ${ana.firstName}` }));
    await visible(anaPage.getByText(studio.name).first());
    await checkPage(anaPage, 'invitation');

    await anaPage.getByLabel('Password').fill('12345678');
    await anaPage.getByRole('button', { name: 'Create Your Password' }).click();
    expect(await fieldError(anaPage, 'Password')).toMatch(/common/i);
    await anaPage.getByLabel('Password').fill(ana.password);
    await anaPage.getByRole('button', { name: 'Create Your Password' }).click();
    await anaPage.waitForURL('**/dashboard');
    await visible(anaPage.getByRole('heading', { name: `Hello, ${ana.firstName}` }));
    await visible(anaPage.getByText(studio.name).first());
    await visible(anaPage.getByText('No projects yet'));
    await checkPage(anaPage, 'dashboard');

    await page.goto('/clients');
    await visible(row(ana.lastName).getByText('Active'));
  });

  it('sends an invite from the profile, resends and revokes it, and each old link says why it is dead', async () => {
    const bea = `Bea Added${id}`;
    await page.goto('/clients');
    await page.getByRole('link', { name: bea }).click();
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(bea) }));
    await page.getByRole('button', { name: 'Send invite' }).click();
    const message = page.getByLabel('Message');
    await eventually(
      async () => (await message.inputValue()).startsWith('Hi Bea,'),
      'the pre-filled message',
    );
    await message.fill(`Bea, here is your portal (${id}).`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await visible(page.getByRole('button', { name: 'Resend invite' }));
    await visible(page.locator('.timeline').getByText('Invitation sent'));
    const first = await nextMail(system.mailbox, `bea-${id}@client.test`, INVITATION);
    expect(first.text).toContain(`Bea, here is your portal (${id}).`);
    await checkPage(page, 'client-profile');

    await page.getByRole('button', { name: 'Resend invite' }).click();
    await visible(page.getByText(/A new invitation was sent/));
    const second = await nextMail(system.mailbox, `bea-${id}@client.test`, INVITATION, [first]);
    await page.getByRole('button', { name: 'Revoke invite' }).click();
    await visible(page.getByRole('button', { name: 'Send invite' }));

    const visitor = await context();
    await visitor.goto(linkPath(first, 'invitations'));
    await visible(visitor.getByRole('heading', { name: 'This invitation was replaced by a newer link' }));
    await visible(visitor.getByText(/ask the studio for a new one/i));
    await checkPage(visitor, 'dead-link-replaced');
    await visitor.goto(linkPath(second, 'invitations'));
    await visible(visitor.getByRole('heading', { name: 'This invitation was revoked' }));
    await visible(visitor.getByText(/ask the studio for a new invitation/i));
    await visitor.goto(anaInvitation);
    await visible(visitor.getByRole('heading', { name: 'This invitation was already used' }));
    await visitor.goto('/invitations/not-a-real-token');
    await visible(visitor.getByRole('heading', { name: 'We can’t find this invitation' }));
  });

  it('shows the projects page (an empty state before the first project)', async () => {
    await page.goto('/projects');
    await visible(page.getByRole('heading', { name: 'Projects', level: 1 }));
    await visible(page.getByText('No projects yet'));
    await checkPage(page, 'projects');
  });

  it('deactivates a client, whose session ends at once', async () => {
    await page.goto('/clients');
    await page.getByRole('link', { name: `Ana ${ana.lastName}` }).click();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('dialog', { name: /deactivate/i });
    await visible(confirm);
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await visible(page.getByRole('button', { name: 'Send invite' }));
    await visible(page.locator('.timeline').getByText('Deactivated'));

    await anaPage.reload();
    await anaPage.waitForURL(/\/sign-in\?reason=session-ended/);
    await visible(anaPage.getByText('Your session has ended'));
    await anaPage.getByLabel('Email').fill(ana.email);
    await anaPage.getByLabel('Password').fill(ana.password);
    await anaPage.getByRole('button', { name: 'Sign in' }).click();
    await visible(anaPage.getByText(/email or password is not right/i));
  });

  it('runs the portal pages at 375 px: invitation, dashboard, sign-in, and the staff pages fit too', async () => {
    const eve = {
      firstName: 'Eve',
      lastName: `Mobile${id}`,
      email: `eve-${id}@client.test`,
      password: 'eve picks a long one',
    };
    const token = await staffToken();
    const { password: _password, ...profile } = eve;
    expect((await system.api.post('/api/v1/clients', { ...profile, invite: {} }, { token })).status).toBe(
      201,
    );
    const link = linkPath(await nextMail(system.mailbox, eve.email, INVITATION), 'invitations');

    const phone = await context(MOBILE);
    await phone.goto(link);
    await visible(phone.getByRole('heading', { name: 'Welcome, Eve' }));
    await widthFits(phone);
    await checkPage(phone, 'invitation');
    await phone.getByLabel('Password').fill(eve.password);
    await phone.getByRole('button', { name: 'Create Your Password' }).click();
    await phone.waitForURL('**/dashboard');
    await visible(phone.getByText(studio.name).first());
    await widthFits(phone);
    await checkPage(phone, 'dashboard');

    await phone.getByRole('button', { name: 'Sign out' }).click();
    await phone.waitForURL(/\/studios\/.+\/sign-in/);
    await visible(phone.getByText('You are signed out.'));
    await widthFits(phone);
    await checkPage(phone, 'sign-in');
    await phone.getByLabel('Email').fill(eve.email);
    await phone.getByLabel('Password').fill(eve.password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.waitForURL('**/dashboard');

    await phone.goto(`/studios/${studio.slug}/forgot-password`);
    await visible(phone.getByLabel('Email'));
    await widthFits(phone);
    await checkPage(phone, 'forgot-password');
    await phone.goto('/password-resets/not-a-real-token');
    await visible(phone.getByLabel('New password'));
    await checkPage(phone, 'password-reset');
    await phone.goto(anaInvitation);
    await visible(phone.getByRole('heading', { name: 'This invitation was already used' }));
    await widthFits(phone);
    await checkPage(phone, 'dead-link-used');
    for (const path of ['/', '/sign-up', '/sign-in']) {
      await phone.goto(path);
      await visible(phone.getByRole('heading', { level: 1 }));
      await widthFits(phone);
    }

    // The designer's pages on a phone, with the designer's session.
    const staffPhone = await context(MOBILE);
    await staffPhone.context().addCookies(await staff.cookies());
    await staffPhone.goto('/clients');
    await visible(staffPhone.getByRole('tab', { name: 'All', exact: true }));
    await widthFits(staffPhone);
    await checkPage(staffPhone, 'clients');
    await staffPhone.getByRole('link', { name: `Eve ${eve.lastName}` }).click();
    await visible(staffPhone.getByRole('heading', { name: 'History' }));
    await widthFits(staffPhone);
    await checkPage(staffPhone, 'client-profile');
  });

  it('resets a forgotten password end to end, which ends the other sessions', async () => {
    const visitor = await context();
    await visitor.goto(`/studios/${studio.slug}/sign-in`);
    await checkPage(visitor, 'sign-in');
    await visitor.getByRole('link', { name: 'Forgot password?' }).click();
    await visitor.getByLabel('Email').fill(designer.email);
    await visitor.getByRole('button', { name: 'Send reset link' }).click();
    await visible(visitor.getByRole('heading', { name: 'Check your email' }));
    await checkPage(visitor, 'forgot-password-sent');

    const reset = linkPath(await nextMail(system.mailbox, designer.email, RESET), 'password-resets');
    await visitor.goto(reset);
    await visitor.getByLabel('New password').fill('an even longer studio secret');
    await checkPage(visitor, 'password-reset');
    await visitor.getByRole('button', { name: 'Set password' }).click();
    await visible(visitor.getByRole('heading', { name: 'Your password is set' }));
    await visitor.getByRole('link', { name: 'Sign in' }).click();
    await visitor.getByLabel('Email').fill(designer.email);
    await visitor.getByLabel('Password').fill('an even longer studio secret');
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.waitForURL('**/clients');

    await visitor.goto(reset);
    await visitor.getByLabel('New password').fill('yet another long secret');
    await visitor.getByRole('button', { name: 'Set password' }).click();
    await visible(visitor.getByRole('heading', { name: 'This reset link was already used' }));

    await page.reload();
    await page.waitForURL(/\/sign-in\?reason=session-ended/);
  });

  it('answers pages with the app and a strict CSP, assets with long caching, and never shadows the API', async () => {
    const api = new Api([system.api.baseUrl]);
    const html = await fetch(`${system.api.baseUrl}/clients/anything`);
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1];
    const asset = await fetch(`${system.api.baseUrl}${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await api.get('/api/v1/nothing-here', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const policy = missing.headers.get('content-security-policy')?.split(/;\s*/);
    expect(policy).toEqual(["default-src 'none'", "frame-ancestors 'none'"]);
    const mistyped = await visitNotFound();
    expect(mistyped).toBe(404);
  });

  async function visitNotFound(): Promise<number> {
    const visitor = await context();
    const answer = await visitor.goto('/no-such-page');
    await visible(visitor.getByRole('heading', { name: 'Page not found' }));
    await checkPage(visitor, 'not-found');
    return answer?.status() ?? 0;
  }
});
