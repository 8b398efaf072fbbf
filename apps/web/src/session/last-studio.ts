const KEY = 'studio-portal:last-studio';

/** The studio last signed in to on this device, so "sign in again" can go straight to its page. */
export function rememberStudio(slug: string): void {
  try {
    localStorage.setItem(KEY, slug);
  } catch {
    // Storage can be off (private modes); the person is then asked for the studio.
  }
}

export function lastStudio(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Where to sign in again: the last studio's page, or the page that asks for the studio. */
export function signInPath(reason?: 'signed-out' | 'session-ended' | 'password-set'): string {
  const slug = lastStudio();
  const base = slug ? `/studios/${encodeURIComponent(slug)}/sign-in` : '/sign-in';
  return reason ? `${base}?reason=${reason}` : base;
}
