import { parse, serialize, type SerializeOptions } from 'cookie';
import type { Request, Response } from 'express';

/**
 * `__Host-`: browsers take it only Secure, on Path=/ and without Domain, from a secure origin, so no
 * subdomain or plain-HTTP page can plant or overwrite it (Chromium counts http://localhost as secure).
 */
export const SESSION_COOKIE = '__Host-studio_session';

/** The web's way to hold a session: HttpOnly (no script reads it), Secure, SameSite=Lax, on the whole site. */
const ATTRIBUTES: SerializeOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };

export function setSessionCookie(
  res: Response,
  session: { readonly token: string; readonly expiresAt: string },
): void {
  const expires = new Date(session.expiresAt);
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, session.token, {
      ...ATTRIBUTES,
      ...(Number.isNaN(expires.getTime()) ? {} : { expires }),
    }),
  );
}

export function clearSessionCookie(res: Response): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { ...ATTRIBUTES, maxAge: 0 }));
}

export function readSessionCookie(req: Request): string | undefined {
  const token = parse(req.headers.cookie ?? '')[SESSION_COOKIE];
  return token === undefined || token === '' ? undefined : token;
}

/** A bearer token, `null` for a malformed Authorization header, `undefined` without one. */
export function readBearer(req: Request): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +([\x21-\x7e]{1,1024}) *$/i.exec(header);
  return match?.[1] ?? null;
}
