/**
 * `npm run bench:web`: the client portal's budgets, measured in Chromium against a started embedded system.
 *  - JavaScript of the portal's first load (the invitation page, as a client arrives from the email), gzipped:
 *    at most 150 kB.
 *  - Time to interactive of each portal page: from navigation start until its main control is on screen and
 *    enabled (its data loaded), median of several cold loads: at most 1 s.
 * Prints figures; exits 1 when a budget is exceeded.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { type RunningSystem, startSystem, stopEverything } from '../../e2e/src/harness/system';
import { launchChromium, newContext } from './support/chromium';
import { ensureWebBuilt } from './support/web-build';
import { linkPath, nextMail } from './support/web-mail';

const DIST = path.join(__dirname, '..', 'dist');
const JS_BUDGET_KB = 150;
const TTI_BUDGET_MS = 1000;
const RUNS = 7;

const gzippedKb = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  ensureWebBuilt();
  // The system runs compiled (dist/), as `npm start` does: compile what changed.
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'scripts', 'build.cjs')], {
    stdio: 'ignore',
  });
  const system = await startSystem('embedded');
  const browser = await launchChromium();
  try {
    const fixture = await portalFixture(system);
    const base = system.api.baseUrl.replace('//127.0.0.1', '//localhost');
    let over = false;

    // ---- JavaScript of the first load ----
    const context = await newContext(browser, base);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname);
    });
    await page.goto(fixture.invitation);
    await page.getByRole('button', { name: 'Create Your Password' }).waitFor();
    await context.close();
    const firstLoad = scripts.reduce((sum, file) => sum + gzippedKb(path.join(DIST, file)), 0);
    const allJs = readdirSync(path.join(DIST, 'assets'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => path.join(DIST, 'assets', file));
    const allKb = allJs.reduce((sum, file) => sum + gzippedKb(file), 0);
    over ||= firstLoad > JS_BUDGET_KB;
    console.log(`Client portal first load (${fixture.invitation.replace(/[^/]+$/, '<token>')}):`);
    console.log(
      `  JavaScript: ${scripts.length} file(s), ${firstLoad.toFixed(1)} kB gzipped  (budget ${JS_BUDGET_KB} kB: ${firstLoad <= JS_BUDGET_KB ? 'ok' : 'OVER'})`,
    );
    console.log(`  whole app, for comparison: ${allJs.length} JS files, ${allKb.toFixed(1)} kB gzipped`);

    // ---- Time to interactive ----
    const pages: readonly {
      readonly name: string;
      readonly path: string;
      readonly ready: (page: Page) => Locator;
      readonly cookie?: string;
    }[] = [
      {
        name: 'invitation',
        path: fixture.invitation,
        ready: (p) => p.getByRole('button', { name: 'Create Your Password' }),
      },
      {
        name: 'dashboard',
        path: '/dashboard',
        cookie: fixture.clientSession,
        ready: (p) => p.getByRole('button', { name: 'Sign out' }),
      },
      {
        name: 'sign-in',
        path: `/studios/${fixture.slug}/sign-in`,
        ready: (p) => p.getByRole('button', { name: 'Sign in' }),
      },
      {
        name: 'forgot-password',
        path: `/studios/${fixture.slug}/forgot-password`,
        ready: (p) => p.getByRole('button', { name: 'Send reset link' }),
      },
      {
        name: 'password-reset',
        path: '/password-resets/a-token-from-an-email',
        ready: (p) => p.getByRole('button', { name: 'Set password' }),
      },
    ];
    const [load1, load5] = loadavg();
    console.log(
      `Time to interactive, cold loads, median of ${RUNS} (budget ${TTI_BUDGET_MS} ms); machine load ${load1!.toFixed(1)} / ${load5!.toFixed(1)} on ${cpus().length} cores:`,
    );
    console.log(`  ${'page'.padEnd(16)} ${'TTI'.padStart(7)} ${'max'.padStart(7)}   html in   scripts run`);
    for (const target of pages) {
      const runs: { at: number; html: number; scripts: number }[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await timeToInteractive(browser, base, target));
      const typical = median(runs.map((r) => r.at));
      over ||= typical > TTI_BUDGET_MS;
      const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(7);
      console.log(
        `  ${target.name.padEnd(16)} ${ms(typical)} ${ms(Math.max(...runs.map((r) => r.at)))}   ${ms(median(runs.map((r) => r.html)))}   ${ms(median(runs.map((r) => r.scripts)))}   ${typical <= TTI_BUDGET_MS ? 'ok' : 'OVER'}`,
      );
    }
    if (over) process.exitCode = 1;
  } finally {
    await browser.close();
    await system.stop();
  }
}

/** A studio, one invited client (the link) and one active client (a session for the dashboard). */
async function portalFixture(system: RunningSystem) {
  const slug = `bench-${Date.now().toString(36)}`;
  const created = await system.api.post<{ session: { token: string } }>('/api/v1/studios', {
    name: 'Oak & Linen',
    slug,
    owner: {
      firstName: 'Dana',
      lastName: 'Reyes',
      email: `dana@${slug}.test`,
      password: 'a long studio secret',
    },
  });
  const token = created.body.session.token;
  const invite = async (email: string) => {
    await system.api.post(
      '/api/v1/clients',
      { firstName: 'Ana', lastName: 'Silva', email, invite: {} },
      { token },
    );
    return linkPath(await nextMail(system.mailbox, email, /invit/i), 'invitations');
  };
  const invitation = await invite(`ana@${slug}.test`);
  const accepted = await system.api.post<{ token: string }>(
    `/api/v1${await invite(`bea@${slug}.test`)}/acceptance`,
    {
      password: 'a long client secret',
    },
  );
  return { slug, invitation, clientSession: accepted.body.token };
}

async function timeToInteractive(
  browser: Browser,
  base: string,
  target: { readonly path: string; readonly ready: (page: Page) => Locator; readonly cookie?: string },
): Promise<{ at: number; html: number; scripts: number }> {
  const context = await newContext(browser, base);
  if (target.cookie)
    // A __Host- cookie: Secure, path /, no Domain (Chromium takes Secure on loopback, as from the server).
    await context.addCookies([
      {
        name: '__Host-studio_session',
        value: target.cookie,
        domain: new URL(base).hostname,
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
      },
    ]);
  const page = await context.newPage();
  await page.goto(target.path, { waitUntil: 'commit' });
  const control = target.ready(page);
  await control.waitFor({ state: 'visible' });
  while (!(await control.isEnabled())) await new Promise((resolve) => setTimeout(resolve, 5));
  // Milliseconds since this document's navigation started, read in the page itself, with where they went.
  const at = await page.evaluate<number>('performance.now()');
  const phases = await page.evaluate<{ html: number; scripts: number }>(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return { html: n.responseEnd, scripts: n.domContentLoadedEventEnd }; })()`,
  );
  await context.close();
  return { at, ...phases };
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopEverything();
  process.exit(1);
});
