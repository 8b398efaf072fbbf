import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { COMMON_SETTINGS, SETTINGS, type Settings, sqlStateUrl } from '@studio/service-kit';
import type { GatewaySettings } from '../gateway.settings';
import { parseDatabaseUrl } from '@studio/sql';
import type { Express } from 'express';
import { Pool } from 'pg';
import { DOCS_ASSETS_PATH, docsAssets } from '../docs/docs-page';
import { correlation } from './correlation';
import { jsonBodyParser } from './json-parser';
import { type RateLimitStore, rateLimits } from './rate-limits';
import { requestLog } from './request-log';
import { noStoreForApi, securityHeaders } from './security-headers.config';

/**
 * Express-level steps that must run before Nest's routing (and before Nest's own body parser): headers,
 * correlation, the request log, rate limits, then the body. Installed while the module is built, which is
 * before `init()` registers the parsers and routes, so these come first.
 */
@Injectable()
export class HttpPipeline implements OnApplicationShutdown {
  private readonly pool: Pool | undefined;

  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(SETTINGS) settings: GatewaySettings,
    @Inject(COMMON_SETTINGS) common: Settings,
  ) {
    const app = adapterHost.httpAdapter.getInstance<Express>();
    app.disable('x-powered-by');
    // The ETag of a client is its version (API.md), set by the route; no hash of the body for the API.
    app.set('etag', false);
    // Behind a proxy, the client's address comes from X-Forwarded-For, but only from the proxies trusted here.
    app.set('trust proxy', settings.trustProxy ?? false);
    const store = this.rateLimitStore(sqlStateUrl(common), 'gateway');
    this.pool = store.kind === 'postgres' ? store.pool : undefined;
    app.use(
      securityHeaders(settings.publicUrl),
      noStoreForApi,
      correlation,
      requestLog,
      rateLimits(
        {
          perMinute: settings.rateLimitPerMinute,
          sensitivePerMinute: settings.rateLimitSensitivePerMinute,
          signUpsPerHour: settings.rateLimitSignUpsPerHour,
        },
        store,
      ),
      jsonBodyParser(),
    );
    app.use(DOCS_ASSETS_PATH, docsAssets);
  }

  /**
   * Replicas share their counters in PostgreSQL (docs/adr/0003); the embedded mode (one process, PGlite) counts
   * in memory.
   */
  private rateLimitStore(documentsUrl: string | undefined, service: string): RateLimitStore {
    if (documentsUrl === undefined) return { kind: 'memory' };
    const parsed = parseDatabaseUrl(documentsUrl);
    if (parsed.kind !== 'postgres') return { kind: 'memory' };
    const pool = new Pool({ connectionString: parsed.url, max: 4, connectionTimeoutMillis: 5_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return { kind: 'postgres', pool, schema: parsed.schema ?? service.replace(/-/g, '_') };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
