import type { NextFunction, Request, Response } from 'express';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every answer carries, set before anything else runs so errors (404, bad JSON, 429) carry them too.
 * The docs page sets its own, looser Content-Security-Policy.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', API_CSP);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // Token links (invitations, resets) must never leak through a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
