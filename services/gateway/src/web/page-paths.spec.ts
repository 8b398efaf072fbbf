import { isPagePath, mayBeMistypedPage } from './page-paths';

describe('the web pages the gateway serves', () => {
  it.each([
    '/',
    '/sign-in',
    '/sign-up',
    '/studios/oak-linen/sign-in',
    '/studios/oak-linen/forgot-password',
    '/password-resets/abc_DEF-123',
    '/email-verifications/abc_DEF-123',
    '/invitations/abc_DEF-123',
    '/dashboard',
    '/clients',
    '/clients/',
    '/clients/7b0c5f0e-1',
    '/projects',
  ])('%s is a page', (path) => expect(isPagePath(path)).toBe(true));

  it.each([
    '/api/v1/clients',
    '/api/docs',
    '/api',
    '/health/ready',
    '/health',
    '/metrics',
    '/assets/index-abc.js',
    '/clients/a/b',
    '/studios/oak-linen',
    '/invitations/',
    '/dashboardx',
  ])('%s is not a page', (path) => expect(isPagePath(path)).toBe(false));

  it('never treats API, health or metrics paths as a mistyped page', () => {
    expect(mayBeMistypedPage('/api/v1/nope')).toBe(false);
    expect(mayBeMistypedPage('/health/nope')).toBe(false);
    expect(mayBeMistypedPage('/metrics')).toBe(false);
    expect(mayBeMistypedPage('/assets/gone.js')).toBe(false);
    expect(mayBeMistypedPage('/nope')).toBe(true);
  });
});
