import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'studio_session';

/** The web's way to hold a session: HttpOnly (no script reads it), Secure, SameSite=Lax, until it expires. */
export function setSessionCookie(
  res: Response,
  session: { readonly token: string; readonly expiresAt: string },
): void {
  const expires = new Date(session.expiresAt);
  const until = Number.isNaN(expires.getTime()) ? '' : `; Expires=${expires.toUTCString()}`;
  res.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(session.token)}; HttpOnly; Secure; SameSite=Lax; Path=/${until}`,
  );
}

export function clearSessionCookie(res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0`);
}

export function readSessionCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.split('=');
    if (name?.trim() !== SESSION_COOKIE) continue;
    try {
      const token = decodeURIComponent(value.join('=').trim());
      return token === '' ? undefined : token;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A bearer token, `null` for a malformed Authorization header, `undefined` without one. */
export function readBearer(req: Request): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +([\x21-\x7e]{1,1024}) *$/i.exec(header);
  return match?.[1] ?? null;
}
