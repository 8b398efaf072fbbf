import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A year: browsers keep to HTTPS for that long after any answer (the usual value, below preload lists'). */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

/**
 * Helmet's headers on every answer, errors (404, bad JSON, 429) included: the API's strict policy (the docs
 * page sets its own), no framing, no sniffing, same-origin isolation, and no Referer (token links must never
 * leak through one). HSTS only when PUBLIC_URL is https: over plain HTTP (a local run) it would mean nothing
 * or pin a development host to HTTPS.
 */
export const securityHeaders = (publicUrl: string) =>
  helmet({
    strictTransportSecurity: publicUrl.startsWith('https://')
      ? { maxAge: HSTS_MAX_AGE_S, includeSubDomains: true }
      : false,
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
