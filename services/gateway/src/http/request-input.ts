import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FieldError, type Operation, type Output, parseWith, Problem } from '@studio/contracts';
import type { Request } from 'express';
import { type z } from 'zod';
import { OPERATION } from './route.decorator';

type Parsed<S> = S extends z.ZodType ? Output<S> : undefined;

/** An operation's input, checked against its schemas. */
export interface RequestInput<O extends Operation> {
  readonly params: Parsed<O['params']>;
  readonly query: Parsed<O['query']>;
  readonly headers: Parsed<O['headers']>;
  readonly body: Parsed<O['body']>;
}

/**
 * The path parameters, query, headers and body of the handler's `@Route` operation, parsed with its schemas;
 * every problem of every part is named at once in one `400 validation-failed`.
 */
export const Input = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const operation = Reflect.getMetadata(OPERATION, context.getHandler()) as Operation | undefined;
  if (!operation) throw new Error('@Input() on a handler without @Route()');
  return parseRequest(operation, context.switchToHttp().getRequest<Request>());
});

export function parseRequest(operation: Operation, req: Request): RequestInput<Operation> {
  const errors: FieldError[] = [];
  const part = (schema: z.ZodType | undefined, value: unknown, root: string): unknown => {
    if (schema === undefined) return undefined;
    const parsed = parseWith(schema, value, root);
    if (parsed.ok) return parsed.value;
    errors.push(...parsed.errors);
    return undefined;
  };
  const input = {
    params: part(operation.params, { ...req.params }, 'path'),
    query: part(operation.query, queryOf(req, errors), 'query'),
    headers: part(operation.headers, headersOf(operation.headers, req), 'headers'),
    // No body counts as `{}`, for operations whose fields are all optional.
    body: part(operation.body, req.body ?? {}, 'body'),
  };
  if (errors.length > 0) throw Problem.of('validation-failed', 'the request is not valid', errors);
  return input as RequestInput<Operation>;
}

/**
 * The query string as single values: an empty parameter (`?access=`, as forms send an unset filter) counts as
 * not given, and a repeated one is refused. So is one that is not UTF-8 once decoded (the parser would keep
 * its percent-escapes as text, or turn them into U+FFFD, and search for that).
 */
function queryOf(req: Request, errors: FieldError[]): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const search = req.originalUrl.indexOf('?');
  const raw = search < 0 ? '' : req.originalUrl.slice(search + 1);
  for (const part of raw.split('&')) {
    if (!decodes(part)) errors.push({ field: 'query', message: 'must be UTF-8, percent-encoded' });
  }
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (value === '' || value === undefined) continue;
    if (typeof value !== 'string') errors.push({ field: key, message: 'must be given once' });
    else query[key] = value;
  }
  return query;
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/** The headers the operation reads, under the names its schema gives them (`If-Match`). */
function headersOf(schema: z.ZodObject | undefined, req: Request): Record<string, string | undefined> {
  if (schema === undefined) return {};
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, req.header(name)]));
}
