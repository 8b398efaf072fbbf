import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ACCESS_LEVEL } from '../auth/auth-context';
import { GATEWAY_CONTROLLERS } from '../gateway.module';
import { OPENAPI_DOCUMENT } from './openapi';

/** Every route the gateway's controllers declare, as "METHOD /openapi/{path}". */
function declaredRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of GATEWAY_CONTROLLERS) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
      const path = `/${[base, sub].filter((part) => part !== '/' && part !== '').join('/')}`.replace(
        /:(\w+)/g,
        '{$1}',
      );
      routes.push(`${RequestMethod[method]} ${path}`);
    }
  }
  return routes.sort();
}

/** The kit's ops module registers these for every service. */
const KIT_ROUTES = ['GET /health/live', 'GET /metrics'];

const documented = (): string[] =>
  Object.entries(OPENAPI_DOCUMENT.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();

describe('OpenAPI document', () => {
  it('describes exactly the routes the gateway serves', () => {
    expect(documented()).toEqual([...declaredRoutes(), ...KIT_ROUTES].sort());
  });

  it('is OpenAPI 3.1 with the shapes of API.md', () => {
    expect(OPENAPI_DOCUMENT.openapi).toBe('3.1.0');
    expect(Object.keys(OPENAPI_DOCUMENT.components.schemas)).toEqual(
      expect.arrayContaining(['Client', 'Session', 'Problem']),
    );
    const clientProperties = Object.keys(OPENAPI_DOCUMENT.components.schemas.Client.properties as object);
    expect(clientProperties.sort()).toEqual(
      [
        'id',
        'firstName',
        'lastName',
        'email',
        'phone',
        'type',
        'source',
        'tags',
        'access',
        'invitation',
        'createdAt',
        'activatedAt',
        'version',
      ].sort(),
    );
  });

  it('gives every /api/v1 route an access level', () => {
    for (const controller of GATEWAY_CONTROLLERS) {
      expect([controller.name, Reflect.getMetadata(ACCESS_LEVEL, controller)]).toEqual([
        controller.name,
        expect.stringMatching(/^(public|session|staff)$/),
      ]);
    }
  });

  it('never joins closed objects with allOf (no answer could match), and requires every problem field', () => {
    const closedJoins: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      const members = Array.isArray(record.allOf) ? (record.allOf as Record<string, unknown>[]) : [];
      const resolve = (member: Record<string, unknown>) =>
        typeof member.$ref === 'string'
          ? (OPENAPI_DOCUMENT.components.schemas as Record<string, Record<string, unknown>>)[
              member.$ref.split('/').at(-1)!
            ]
          : member;
      if (members.filter((member) => resolve(member)?.additionalProperties === false).length > 1)
        closedJoins.push(at);
      for (const [key, value] of Object.entries(record)) walk(value, `${at}.${key}`);
    };
    walk(OPENAPI_DOCUMENT.paths, 'paths');
    expect(closedJoins).toEqual([]);
    expect(OPENAPI_DOCUMENT.components.schemas.Problem.required).toEqual([
      'type',
      'title',
      'status',
      'code',
      'detail',
      'errors',
    ]);
    const accepted = OPENAPI_DOCUMENT.paths['/api/v1/invitations/{token}/acceptance'].post as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    expect(accepted.responses['201']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/AcceptedSession',
    });
  });

  it('names the problem codes of each error response', () => {
    const post = OPENAPI_DOCUMENT.paths['/api/v1/studios'].post as {
      responses: Record<string, { description: string }>;
    };
    expect(post.responses['409']?.description).toBe('slug-taken');
    expect(post.responses['422']?.description).toBe('weak-password');
  });
});
