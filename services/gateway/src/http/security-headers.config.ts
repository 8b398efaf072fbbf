import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Helmet's headers on every answer, errors (404, bad JSON, 429) included: the API's strict policy (the docs
 * page sets its own), no framing, no sniffing, same-origin isolation, and no Referer (token links must never
 * leak through one).
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});

/** API answers are per caller and often secret: never stored by a browser or a proxy. */
export function noStoreForApi(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
