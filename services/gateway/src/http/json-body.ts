import { ProblemError } from '@studio/messaging';
import type { NextFunction, Request, Response } from 'express';

export const BODY_LIMIT_BYTES = 100 * 1024;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)"?/i;

const invalid = (message: string) =>
  ProblemError.of('validation-failed', 'the request body is not valid', [{ field: 'body', message }]);

/**
 * The gateway's JSON body parser. Its own rather than express's, so every way a body can be wrong (not JSON,
 * too large, another content type) is a `400 validation-failed` naming the body. Named `jsonParser` so Nest
 * does not install its default one as well.
 */
export function jsonBodyParser(limitBytes = BODY_LIMIT_BYTES) {
  return function jsonParser(req: Request, _res: Response, next: NextFunction): void {
    req.body = undefined;
    const length = req.headers['content-length'];
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return next();
    const type = req.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(type)) return next(invalid('must be JSON, sent with Content-Type: application/json'));
    const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      return next(invalid('must be UTF-8'));
    if (length !== undefined && Number(length) > limitBytes)
      return next(invalid(`must be at most ${limitBytes / 1024} kB`));

    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: ProblemError) => {
      if (done) return;
      done = true;
      if (error) {
        // Stop reading; the answer goes out at once and the connection is not reused.
        req.removeAllListeners('data');
        req.resume();
        return next(error);
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        req.body = raw.trim() === '' ? undefined : (JSON.parse(raw) as unknown);
      } catch {
        return next(invalid('is not valid JSON'));
      }
      next();
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) finish(invalid(`must be at most ${limitBytes / 1024} kB`));
      else chunks.push(chunk);
    });
    req.on('end', () => finish());
    req.on('error', () => finish(invalid('could not be read')));
  };
}
