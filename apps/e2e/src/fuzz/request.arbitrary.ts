import fc from 'fast-check';
import { headerValue, nastyBodyText, nastyJson, nastyString } from './nasty.arbitrary';
import { encodeComponent, toJsonText } from './raw-json';

/** The part of JSON Schema the OpenAPI document uses. */
interface Schema {
  readonly $ref?: string;
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly maxItems?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | undefined;
}

export interface OpenApi {
  readonly paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

/** What the fuzz knows of the system, so that many requests get past validation to the services. */
export interface FuzzWorld {
  readonly slug: string;
  readonly staffEmail: string;
  readonly staffToken: string;
  readonly clientToken: string;
  readonly clientIds: readonly string[];
  /** Invitation and reset tokens: live, used and made up. */
  readonly tokens: readonly string[];
}

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export function operationsOf(document: OpenApi): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content;
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: content?.['application/json']?.schema,
      };
    }),
  );
}

const maybeNasty = (valid: fc.Arbitrary<unknown>, nastyWeight = 1) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: nastyWeight, arbitrary: nastyJson });

/** Values that mean something here, by field name; undefined: the schema decides. */
function hinted(name: string, world: FuzzWorld): fc.Arbitrary<unknown> | undefined {
  switch (name) {
    case 'email':
      return fc.oneof(
        fc.constant(world.staffEmail),
        fc.emailAddress(),
        fc.stringMatching(/^[a-z]{1,8}@fuzz\.test$/),
      );
    case 'password':
      return fc.constantFrom('correct horse battery', 'a long enough secret', 'password', 'short');
    case 'slug':
      return fc.oneof(fc.constant(world.slug), fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/));
    case 'id':
    case 'clientId':
      return fc.constantFrom(...world.clientIds, 'nobody');
    case 'token':
      return fc.constantFrom(...world.tokens);
    case 'firstName':
    case 'lastName':
    case 'name':
      return fc.oneof(fc.constantFrom('Ada', 'Zoë', 'O\u2019Brien', '李'), fc.string({ maxLength: 20 }));
    default:
      return undefined;
  }
}

/** Values of a schema, mostly valid, sometimes with one field of a wrong kind, missing or extra ones. */
function fromSchema(
  schema: Schema,
  document: OpenApi,
  world: FuzzWorld,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref !== undefined) {
    const target = document.components.schemas[schema.$ref.split('/').at(-1)!];
    return target ? fromSchema(target, document, world, name, depth) : nastyJson;
  }
  const hint = hinted(name, world);
  if (hint !== undefined) return hint;
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (schema.anyOf !== undefined)
    return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, document, world, name, depth)));
  switch (schema.type) {
    case 'string':
      return fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(maybeNasty(fromSchema(schema.items ?? {}, document, world, '', depth + 1)), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const fields = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, field]) => [
          key,
          maybeNasty(fromSchema(field, document, world, key, depth + 1)),
        ]),
      );
      // Required fields are mostly all there, valid, so most bodies reach the services; now and then one is
      // left out, or an unknown one comes along.
      const required = Object.fromEntries(
        (schema.required ?? []).map((key) => [
          key,
          fromSchema(schema.properties?.[key] ?? {}, document, world, key, depth + 1),
        ]),
      );
      return fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.record(required),
          fc.nat(99),
          fc.option(fc.tuple(nastyString, nastyJson), { freq: 8 }),
        )
        .map(([some, all, roll, extra]) => {
          const value: Record<string, unknown> = roll < 85 ? { ...all, ...some } : { ...some };
          if (extra !== null) value[extra[0]] = extra[1];
          return value;
        });
    }
    case undefined:
      return nastyJson;
  }
}

/** Special path segments: encodings that are wrong, or mean something else to a router. */
const rawSegment = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '..',
  '%2e%2e',
  '%2F',
  '%C0%AF',
  'a;b',
  '*',
);

function auth(world: FuzzWorld, mayEndSessions: boolean): fc.Arbitrary<Record<string, string>> {
  const cookie = (token: string) => `__Host-studio_session=${token}`;
  const choices: fc.Arbitrary<Record<string, string>>[] = [
    fc.constant({}),
    headerValue.map((value) => ({ authorization: value })),
    fc.constant({ authorization: 'Bearer not-a-session-token' }),
    headerValue.map((value) => ({ cookie: cookie(value) })),
  ];
  // Signing out with the sessions the rest of the run uses would leave little to fuzz.
  if (!mayEndSessions)
    choices.push(
      fc.constant({ authorization: `Bearer ${world.staffToken}` }),
      fc.constant({ authorization: `Bearer ${world.staffToken}` }),
      fc.constant({ authorization: `Bearer ${world.clientToken}` }),
      fc.constant({ cookie: cookie(world.staffToken), 'x-requested-with': 'studio' }),
      fc.constant({ cookie: cookie(world.staffToken) }),
    );
  return fc.oneof(...choices);
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/x-www-form-urlencoded',
      'application/merge-patch+json',
      'multipart/form-data; boundary=x',
    ),
  },
);

/** Requests for one operation of the document: valid and broken paths, queries, headers and bodies. */
export function requestsFor(
  operation: Operation,
  document: OpenApi,
  world: FuzzWorld,
): fc.Arbitrary<FuzzRequest> {
  const inPath = operation.parameters.filter((p) => p.in === 'path');
  const inQuery = operation.parameters.filter((p) => p.in === 'query');
  const inHeaders = operation.parameters.filter((p) => p.in === 'header');
  const segment = (parameter: Parameter) =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: (hinted(parameter.name, world) ?? fc.string({ maxLength: 20 })).map((v) =>
          encodeComponent(String(v)),
        ),
      },
      { weight: 2, arbitrary: nastyString.map(encodeComponent) },
      { weight: 1, arbitrary: rawSegment },
    );
  const path = fc
    .tuple(...inPath.map((parameter) => segment(parameter).map((value) => [parameter.name, value] as const)))
    .map((pairs) =>
      pairs.reduce((built, [name, value]) => built.replace(`{${name}}`, value || 'x'), operation.path),
    );
  const queryValue = (parameter: Parameter) =>
    maybeNasty(fromSchema(parameter.schema, document, world, parameter.name), 2).map((value) =>
      typeof value === 'string' ? value : toJsonText(value),
    );
  const query = fc
    .tuple(
      fc.record(Object.fromEntries(inQuery.map((p) => [p.name, queryValue(p)])), { requiredKeys: [] }),
      fc.option(fc.tuple(nastyString, nastyString), { freq: 6 }),
      fc.option(
        fc.constantFrom('q=a&q=b', 'limit=1&limit=2', 'q', '=x', '&&', 'q=%', 'q=%ED%A0%80', 'q[a]=1'),
        { freq: 6 },
      ),
    )
    .map(([values, extra, raw]) => {
      const pairs = Object.entries(values).map(
        ([key, value]) => `${key}=${encodeComponent(value as string)}`,
      );
      if (extra !== null) pairs.push(`${encodeComponent(extra[0])}=${encodeComponent(extra[1])}`);
      if (raw !== null) pairs.push(raw);
      return pairs.length > 0 ? `?${pairs.join('&')}` : '';
    });
  const headers = fc.record(
    Object.fromEntries(
      inHeaders.map((p) => [
        p.name.toLowerCase(),
        fc.oneof(fc.constantFrom('"1"', '"2"', 'W/"1"', '*', 'fuzz-key'), headerValue),
      ]),
    ),
    { requiredKeys: [] },
  );
  const body: fc.Arbitrary<string | undefined> =
    operation.body === undefined
      ? fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: nastyBodyText })
      : fc.oneof(
          { weight: 10, arbitrary: fromSchema(operation.body, document, world).map(toJsonText) },
          { weight: 1, arbitrary: nastyJson.map(toJsonText) },
          { weight: 1, arbitrary: nastyBodyText },
          { weight: 1, arbitrary: fc.constant(undefined) },
        );
  const method = fc.oneof(
    { weight: 20, arbitrary: fc.constant(operation.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD') },
  );
  const signsOut = operation.path === '/api/v1/sessions/current';
  return fc
    .record({ method, path, query, headers, auth: auth(world, signsOut), body, type: contentType })
    .map((parts) => {
      const sendsBody = parts.body !== undefined && !['GET', 'HEAD'].includes(parts.method);
      return {
        method: parts.method,
        path: parts.path + parts.query,
        headers: { ...parts.headers, ...parts.auth, ...(sendsBody ? { 'content-type': parts.type } : {}) },
        ...(sendsBody ? { body: parts.body } : {}),
      };
    });
}
