import { Problem } from '@studio/contracts';
import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

export const BODY_LIMIT = '100kb';

const invalid = (message: string) =>
  Problem.of('validation-failed', 'the request body is not valid', [{ field: 'body', message }]);

/** What body-parser's error types mean to a caller. */
const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'is not valid JSON',
  'entity.too.large': `must be at most ${BODY_LIMIT.replace('kb', ' kB')}`,
  'charset.unsupported': 'must be UTF-8',
  'entity.not.utf8': 'must be valid UTF-8',
  'encoding.unsupported': 'must not be compressed',
  'entity.too.deep': `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
};

/**
 * Refuses deep JSON before it is parsed, so nothing after ever walks it (a deep value overflows the stack), and
 * bytes that are not UTF-8, which decoding would turn into replacement characters and store.
 */
function refuseUnreadable(raw: Buffer): void {
  if (!isUtf8(raw)) throw Object.assign(new Error('not UTF-8'), { type: 'entity.not.utf8' });
  if (nestsDeeperThan(raw)) throw Object.assign(new Error('too deep'), { type: 'entity.too.deep' });
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/** A request whose JSON body was read: `rawBody` holds its bytes as sent (a signature is over those). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };
const isJson = (req: Request): boolean => req.is(JSON_TYPES) !== false;

/**
 * Express's JSON body parser (100 kB), with every way a body can be wrong turned into `400 validation-failed`
 * naming the body: not JSON, not UTF-8, too large, nested too deep, another content type, another charset. The function is named
 * `jsonParser` so Nest does not install its default one as well.
 */
export function jsonBodyParser() {
  const parse = express.json({
    limit: BODY_LIMIT,
    strict: false,
    type: JSON_TYPES,
    // Kept by reference, no copy: the checkout webhook checks its HMAC over exactly these bytes. Deep JSON is
    // refused before anything walks it.
    verify: (req: RequestWithRawBody, _res, raw: Buffer) => {
      refuseUnreadable(raw);
      req.rawBody = raw;
    },
  });
  return function jsonParser(req: Request, res: Response, next: NextFunction): void {
    req.body = undefined;
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
    if (hasBody && !isJson(req))
      return next(invalid('must be JSON, sent with Content-Type: application/json'));
    parse(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const type = (error as { type?: unknown }).type;
      next(invalid((typeof type === 'string' ? MESSAGES[type] : undefined) ?? 'could not be read'));
    });
  };
}
