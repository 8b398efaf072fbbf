import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HttpPipeline } from '../http/http-pipeline';
import { isPagePath, mayBeMistypedPage } from './page-paths';
import { findWebRoot } from './web-root';

/**
 * The pages' policy: the app's own scripts, styles, images and API calls, nothing inline, nothing from
 * elsewhere. (The API keeps its `default-src 'none'`.)
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT =
  'The web app is not built yet. Run `npm run build:web` (npm ci does it too), then reload this page.\n';

/**
 * Serves the built web app (apps/web/dist) at PUBLIC_URL, the API's own origin: hashed assets under /assets
 * cached for a year, and index.html (never cached) for every page path of SPEC §4. Installed after the
 * HttpPipeline's steps (security headers, correlation, rate limits) and before Nest's routes.
 */
@Injectable()
export class WebPages {
  private readonly log = new Logger('WebPages');
  private root: string | undefined;
  private assets: RequestHandler | undefined;

  constructor(adapterHost: HttpAdapterHost, _runsAfter: HttpPipeline) {
    this.root = findWebRoot();
    if (!this.root || !existsSync(path.join(this.root, 'index.html')))
      this.log.warn(
        `the web app is not built (${this.root ?? 'no apps/web/dist found'}): pages ask to run npm run build:web`,
      );
    const app = adapterHost.httpAdapter.getInstance<Express>();
    app.use('/assets', (req, res, next) => this.serveAsset(req, res, next));
    app.use((req, res, next) => this.servePage(req, res, next));
  }

  private serveAsset(req: Request, res: Response, next: NextFunction): void {
    const root = this.currentRoot();
    if (!root) return next();
    this.assets ??= express.static(path.join(root, 'assets'), {
      index: false,
      redirect: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
    });
    this.assets(req, res, next);
  }

  private servePage(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const page = isPagePath(req.path);
    // An unknown address typed into a browser gets the app's own "page not found", as a 404.
    const mistyped = !page && mayBeMistypedPage(req.path) && (req.headers.accept ?? '').includes('text/html');
    if (!page && !mistyped) return next();
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    const root = this.currentRoot();
    const index = root && path.join(root, 'index.html');
    if (!index || !existsSync(index)) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    res.status(mistyped ? 404 : 200).sendFile(index, { cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  }

  /** Found again while missing, so a build made after start-up is served without a restart. */
  private currentRoot(): string | undefined {
    this.root ??= findWebRoot();
    return this.root;
  }
}
