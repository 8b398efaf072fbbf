import { currentCorrelationId, withCorrelationId } from '@studio/messaging';
import type { NextFunction, Request, Response } from 'express';

const SANE = /^[\w.-]{1,100}$/;

/** Runs the rest of the request under a correlation id (the caller's, if sane), echoed in the answer. */
export function correlation(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  withCorrelationId(given !== undefined && SANE.test(given) ? given : undefined, () => {
    res.setHeader('X-Correlation-Id', currentCorrelationId() ?? '');
    next();
  });
}
