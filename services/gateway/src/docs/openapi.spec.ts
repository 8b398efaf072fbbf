import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { API, OPERATIONS } from '@studio/contracts';
import { ACCESS_LEVEL } from '../auth/auth-context';
import { GATEWAY_CONTROLLERS } from '../gateway.module';
import { openApiDocument } from './openapi.document';

interface OperationObject {
  operationId: string;
  tags: string[];
  description: string;
  parameters?: { name: string; in: string }[];
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }
  >;
}
const document = openApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
const byId = (id: string) => operations.find((operation) => operation.operationId === id)!;

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
      const path = `/${[base, sub]
        .map((part) => part.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      routes.push(`${RequestMethod[method]} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

/** The kit's ops module registers this for every service (the gateway's `/metrics` is on its ops port). */
const KIT_ROUTES = ['GET /health/live'];

describe('the route table and the OpenAPI document', () => {
  it('serves exactly the operations the table marks served', () => {
    const served = OPERATIONS.filter((operation) => operation.served).map(
      (operation) => `${operation.method} ${operation.path}`,
    );
    expect([...declaredRoutes(), ...KIT_ROUTES].sort()).toEqual(served.sort());
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(served.sort());
  });

  it('gives every operation an id, a tag and a description, and every controller an access level', () => {
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.tags).toHaveLength(1);
      expect(operation.description.length).toBeGreaterThan(10);
    }
    for (const controller of GATEWAY_CONTROLLERS) {
      const handlers = Object.getOwnPropertyNames(controller.prototype)
        .map((name) => Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown)
        .filter((handler) => typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler));
      for (const handler of handlers)
        expect(Reflect.getMetadata(ACCESS_LEVEL, handler as object)).toMatch(/^(public|session|staff)$/);
    }
  });

  it('documents Idempotency-Key on every POST, as API.md has it, and nowhere else', () => {
    for (const [method, operation] of Object.values(document.paths).flatMap((methods) =>
      Object.entries(methods),
    )) {
      const named = operation.parameters?.map((parameter) => parameter.name) ?? [];
      expect({ id: operation.operationId, key: named.includes('Idempotency-Key') }).toEqual({
        id: operation.operationId,
        key: method === 'post',
      });
    }
  });

  it('documents Retry-After on every 429, Set-Cookie where a session cookie is set, and the ETag', () => {
    for (const operation of operations) {
      const limited = operation.responses['429'];
      if (limited) expect(Object.keys(limited.headers ?? {})).toEqual(['Retry-After']);
    }
    expect(
      operations
        .filter((operation) => operation.responses['429'] === undefined)
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(['live', 'ready'].sort());
    for (const id of ['createStudio', 'signIn', 'acceptInvitation', 'signOut']) {
      const success = Object.entries(byId(id).responses).find(([status]) => status.startsWith('2'))![1];
      expect(Object.keys(success.headers ?? {})).toContain('Set-Cookie');
    }
    expect(Object.keys(byId('getClient').responses['200']!.headers ?? {})).toEqual(['ETag']);
    expect(byId('updateClient').parameters?.map((parameter) => parameter.name)).toContain('If-Match');
  });

  it('describes the shapes of API.md from the schemas, closed, with every problem field required', () => {
    expect(document.openapi).toBe('3.1.0');
    const { Client, Problem } = document.components.schemas;
    expect(Object.keys(Client!.properties as object).sort()).toEqual(
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
        'projects',
      ].sort(),
    );
    expect(Client!.additionalProperties).toBe(false);
    expect(Problem!.required).toEqual(['type', 'title', 'status', 'code', 'detail', 'errors']);
    expect(byId('acceptInvitation').responses['201']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/AcceptedInvitation',
    });
  });

  it('names the problem codes of each error response', () => {
    const created = byId('createStudio').responses;
    expect(created['409']).toMatchObject({ description: 'slug-taken, conflict' });
    expect(created['422']).toMatchObject({ description: 'weak-password, idempotency-key-reused' });
    expect(byId(API.getInvitation.operationId).responses['410']).toMatchObject({
      description: 'invitation-expired, invitation-revoked, invitation-replaced, invitation-used',
    });
  });
});
