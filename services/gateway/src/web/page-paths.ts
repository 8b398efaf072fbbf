/**
 * The web app's pages (SPEC §4): the gateway answers these paths with the app's index.html, and the app's
 * router (apps/web/src/app.routes.tsx) draws them. Nothing under /api, /health or /metrics is ever a page.
 */
const SEGMENT = '[^/]+';
const PAGES: readonly RegExp[] = [
  '/',
  '/sign-in',
  '/sign-up',
  `/studios/${SEGMENT}/sign-in`,
  `/studios/${SEGMENT}/forgot-password`,
  `/password-resets/${SEGMENT}`,
  `/email-verifications/${SEGMENT}`,
  `/invitations/${SEGMENT}`,
  '/dashboard',
  '/clients',
  `/clients/${SEGMENT}`,
  '/projects',
].map((path) => new RegExp(`^${path === '/' ? '/' : `${path}/?`}$`));

const NEVER_A_PAGE = /^\/(api|health)(\/|$)|^\/metrics(\/|$)/;

export function isPagePath(path: string): boolean {
  return !NEVER_A_PAGE.test(path) && PAGES.some((page) => page.test(path));
}

/** Not an API, health or metrics path: a person's browser asking for an address the app does not have. */
export function mayBeMistypedPage(path: string): boolean {
  return !NEVER_A_PAGE.test(path) && !path.startsWith('/assets/');
}
