import { createRequire } from 'node:module';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';

export const DOCS_ASSETS_PATH = '/api/docs/assets';

/** Starts Swagger UI on the document; a file of its own, so the page needs no inline script. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/docs.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    withCredentials: true,
    defaultModelsExpandDepth: 0,
  });
});
`;

/** The interactive page: Swagger UI's own bundle and style, served from this gateway (no CDN, works offline). */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Studio client portal API</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS_PATH}/init.js"></script>
</body>
</html>
`;
}

/**
 * Looser than the API's policy only by what the page needs: scripts, styles, images and fonts from here,
 * fetching the document from here. No inline script; Swagger UI sets styles through the DOM.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const swaggerUiDir = path.dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Serves the page's few assets (and nothing else of the package), mounted at DOCS_ASSETS_PATH. */
export function docsAssets(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return next();
  const name = req.path.replace(/^\//, '');
  res.setHeader('Cache-Control', 'public, max-age=3600');
  if (name === 'init.js') {
    res.type('text/javascript; charset=utf-8').send(INIT_SCRIPT);
    return;
  }
  const type = FILES[name];
  if (type === undefined) return next();
  res.type(type).sendFile(path.join(swaggerUiDir, name));
}
