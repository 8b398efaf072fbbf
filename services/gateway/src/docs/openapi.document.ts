import {
  API_TAGS,
  apiSchemas,
  EmptyRequestSchema,
  ERROR_STATUS,
  type ErrorCode,
  honoursIdempotencyKey,
  type Operation,
  OPERATIONS,
  problemsOf,
} from '@studio/contracts';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/session-cookie';

type Json = Record<string, unknown>;
const COMPONENT = '#/components/schemas/';

/**
 * The OpenAPI 3.1 document of the operations the gateway serves, generated from the route table and its zod
 * schemas (nothing here restates a shape): components from the named schemas, parameters from the params,
 * query and header schemas, every problem an operation can answer grouped by status.
 */
export function openApiDocument(serverUrl = 'http://localhost:3000'): Json {
  const served = OPERATIONS.filter((operation) => operation.served);
  const paths: Record<string, Json> = {};
  for (const operation of served) {
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method.toLowerCase()]: describe(operation),
    };
  }
  const tags = [...new Set(served.map((operation) => operation.tag))].map((tag) => ({
    name: tag,
    description: API_TAGS[tag],
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Studio client portal API',
      version: '1.0.0',
      description: INFO,
      contact: { name: 'The studio portal team', url: serverUrl },
      license: { name: 'Proprietary', url: `${serverUrl}/api/docs` },
    },
    servers: [{ url: serverUrl, description: 'This gateway' }],
    tags,
    paths,
    components: {
      schemas: usedComponents(paths),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token (mobile, tests)' },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'The web\u2019s session cookie; state-changing requests also need `X-Requested-With: studio`',
        },
      },
    },
  };
}

const INFO =
  'The gateway of the studio client portal (API.md, v1). JSON in and out; times are ISO 8601 UTC. Errors are ' +
  '`application/problem+json` with a stable `code`. `Idempotency-Key` is honoured on every POST; a session ' +
  'reads its own writes.';

function describe(operation: Operation): Json {
  const parameters = [
    ...parametersOf(operation.params, 'path'),
    ...parametersOf(operation.query, 'query'),
    ...parametersOf(operation.headers, 'header'),
    ...(honoursIdempotencyKey(operation) ? [IDEMPOTENCY_KEY] : []),
  ];
  const body = operation.body;
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    security:
      operation.auth === 'session' || operation.auth === 'staff' ? [{ bearer: [] }, { cookie: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body === undefined || body === EmptyRequestSchema
      ? {}
      : {
          requestBody: {
            required: !body.safeParse({}).success,
            content: { 'application/json': { schema: schemaOf(body) } },
          },
        }),
    responses: { [String(operation.success.status)]: success(operation), ...problemResponses(operation) },
  };
}

function success(operation: Operation): Json {
  const { description, schema, mediaType, cookie, etag } = operation.success;
  const headers: Json = {};
  if (cookie !== undefined)
    headers['Set-Cookie'] = {
      description:
        cookie === 'set'
          ? `\`${SESSION_COOKIE}=<token>; HttpOnly; Secure; SameSite=Lax; Path=/\`, until the session ends`
          : `Clears \`${SESSION_COOKIE}\``,
      schema: { type: 'string' },
    };
  if (etag === true)
    headers.ETag = { description: '`"<version>"`: send it back as `If-Match`', schema: { type: 'string' } };
  const content =
    mediaType !== undefined
      ? { [mediaType]: { schema: { type: 'string' } } }
      : schema !== undefined
        ? { 'application/json': { schema: schemaOf(schema) } }
        : undefined;
  return {
    description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

function problemResponses(operation: Operation): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of problemsOf(operation))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes.join(', '),
        ...(status === 429 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
        content: {
          'application/problem+json': {
            schema: { allOf: [{ $ref: `${COMPONENT}Problem` }, { properties: { code: { enum: codes } } }] },
          },
        },
      },
    ]),
  );
}

const RETRY_AFTER = {
  description: 'Seconds until a request is allowed again',
  schema: { type: 'integer', minimum: 1 },
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key with the same body within 24 h returns the first answer and does nothing again; with another body, `422 idempotency-key-reused`. ' +
    'Keys are the caller\u2019s own: per session when signed in, per endpoint and client address when anonymous.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

/** One parameter per property of a params, query or headers schema, with its description lifted up. */
function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query' | 'header'): Json[] {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** A named schema by reference; any other inline. */
function schemaOf(schema: z.ZodType): Json {
  const id = apiSchemas.get(schema)?.id;
  if (id !== undefined) return { $ref: `${COMPONENT}${id}` };
  const { $schema: _, ...inline } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json;
  return inline;
}

/** The named schemas the paths refer to, and those they refer to in turn (no unused components). */
function usedComponents(paths: Json): Record<string, Json> {
  const all = componentSchemas();
  const used = new Map<string, Json>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT)) {
        const name = value.slice(COMPONENT.length);
        const schema = all[name];
        if (schema !== undefined && !used.has(name)) {
          used.set(name, schema);
          visit(schema);
        }
      } else visit(value);
    }
  };
  visit(paths);
  return Object.fromEntries([...used].sort(([a], [b]) => a.localeCompare(b)));
}

function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    uri: (id) => `${COMPONENT}${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _, $id: __, ...schema }]) => [name, schema]),
  );
}
