import { Logger } from '@nestjs/common';
import { currentCorrelationId, withCorrelationId } from '@studio/messaging';
import type { NextFunction, Request, Response } from 'express';

import { httpRequests, httpRequestSeconds } from './http.metrics';

const log = new Logger('Http');

/**
 * Counted and timed for `/metrics`, and one `info` line per answered request: method, route (the template, `/api/v1/invitations/:token`, never the
 * path itself: paths and query strings carry tokens), status, duration and the correlation id. Never a header
 * or a body.
 */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const correlationId = currentCorrelationId();
  res.once('finish', () => {
    const route = (req.route as { path?: unknown } | undefined)?.path;
    const entry = {
      msg: 'request',
      method: req.method,
      route: typeof route === 'string' ? route : null,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    };
    withCorrelationId(correlationId, () => log.log(entry));
    const labels = { method: req.method, route: entry.route ?? 'unmatched' };
    httpRequests.inc({ ...labels, status: String(entry.status) });
    httpRequestSeconds.observe(labels, entry.durationMs / 1000);
  });
  next();
}
