import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PORTS, type ServicePorts } from '@studio/service-kit';
import type { Express } from 'express';
import { correlation } from './correlation';
import { jsonBodyParser } from './json-body';
import { rateLimits } from './rate-limits';
import { securityHeaders } from './security-headers';

/**
 * Express-level steps that must run before Nest's routing (and before Nest's own body parser): headers,
 * correlation, rate limits, then the body. Installed while the module is built, which is before `init()`
 * registers the parsers and routes, so these come first.
 */
@Injectable()
export class HttpPipeline {
  constructor(adapterHost: HttpAdapterHost, @Inject(PORTS) { settings }: ServicePorts) {
    const app = adapterHost.httpAdapter.getInstance<Express>();
    app.disable('x-powered-by');
    // Behind a proxy, the client's address comes from X-Forwarded-For, but only from the proxies trusted here.
    app.set('trust proxy', settings.trustProxy ?? false);
    app.use(
      securityHeaders,
      correlation,
      rateLimits({
        perMinute: settings.rateLimitPerMinute,
        sensitivePerMinute: settings.rateLimitSensitivePerMinute,
      }),
      jsonBodyParser(),
    );
  }
}
