import { createHash } from 'node:crypto';

/** A small page that lists the operations of /api/docs.json: no CDN, no framework, nothing inline unhashed. */
const SCRIPT = `
fetch('/api/docs.json').then(function (r) { return r.json(); }).then(function (doc) {
  var root = document.getElementById('ops');
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  Object.keys(doc.paths).forEach(function (path) {
    Object.keys(doc.paths[path]).forEach(function (method) {
      var op = doc.paths[path][method];
      var item = document.createElement('li');
      var head = document.createElement('code');
      head.textContent = method.toUpperCase() + ' ' + path;
      var summary = document.createElement('span');
      summary.textContent = ' \\u2014 ' + (op.summary || '');
      var codes = document.createElement('div');
      codes.className = 'codes';
      codes.textContent = Object.keys(op.responses).map(function (status) {
        return status + ' ' + op.responses[status].description;
      }).join(' \\u00b7 ');
      item.append(head, summary, codes);
      root.append(item);
    });
  });
}).catch(function (e) { document.getElementById('ops').textContent = 'Could not load the document: ' + e; });
`;

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
li { margin: .6rem 0; list-style: none; } code { font-weight: 600; }
.codes { color: #666; font-size: 13px; }
`;

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API</title><style>${STYLE}</style></head>
<body><h1 id="title">API</h1><p><a href="/api/docs.json">OpenAPI 3.1 document</a></p><ul id="ops"></ul>
<script>${SCRIPT}</script></body></html>`;

/** Looser than the API's policy only by what the page needs: its own script and style, and fetching from here. */
export const DOCS_CSP = `default-src 'none'; script-src ${sha(SCRIPT)}; style-src ${sha(STYLE)}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
