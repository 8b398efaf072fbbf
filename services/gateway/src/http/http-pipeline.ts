import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { correlation } from './correlation';
import { jsonBodyParser } from './json-body';
import { type RateLimitOptions, rateLimits } from './rate-limits';
import { securityHeaders } from './security-headers';

export const RATE_LIMITS = Symbol('RateLimitOptions');

/**
 * Express-level steps that must run before Nest's routing (and before Nest's own body parser): headers,
 * correlation, rate limits, then the body. Installed while the module is built, which is before `init()`
 * registers the parsers and routes, so these come first.
 */
@Injectable()
export class HttpPipeline {
  constructor(adapterHost: HttpAdapterHost, @Inject(RATE_LIMITS) limits: RateLimitOptions) {
    const app = adapterHost.httpAdapter.getInstance<Express>();
    app.disable('x-powered-by');
    app.use(securityHeaders, correlation, rateLimits(limits), jsonBodyParser());
  }
}
