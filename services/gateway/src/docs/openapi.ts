import { ERROR_STATUS, type ErrorCode } from '@studio/contracts';

/** The OpenAPI 3.1 description of API.md (without Projects and Checkout, not served yet), written by hand. */
type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const str: Json = { type: 'string' };
const nullableStr: Json = { type: ['string', 'null'] };
const time: Json = { type: 'string', format: 'date-time' };
const obj = (properties: Json, required: readonly string[] = Object.keys(properties)): Json => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ok = (description: string, schema?: Json): Json =>
  schema ? { description, content: json(schema) } : { description };

/** Error responses, grouped by status, each naming its problem codes. */
function problems(...codes: readonly ErrorCode[]): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: group.join(', '),
        content: {
          'application/problem+json': {
            schema: { allOf: [ref('Problem'), { properties: { code: { enum: group } } }] },
          },
        },
      },
    ]),
  );
}

const common: readonly ErrorCode[] = ['rate-limited', 'service-unavailable'];
const staff: readonly ErrorCode[] = ['unauthenticated', 'forbidden', ...common];
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const slugParam = { name: 'slug', in: 'path', required: true, schema: str };
const tokenParam = { name: 'token', in: 'path', required: true, schema: str };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
};
const signedIn = [{ bearer: [] }, { cookie: [] }];

interface Operation {
  readonly summary: string;
  readonly params?: readonly Json[];
  readonly body?: Json;
  readonly ok: Record<string, Json>;
  readonly errors: readonly ErrorCode[];
  readonly auth?: boolean;
}

function op(spec: Operation): Json {
  return {
    summary: spec.summary,
    ...(spec.params ? { parameters: spec.params } : {}),
    ...(spec.body ? { requestBody: { required: true, content: json(spec.body) } } : {}),
    ...(spec.auth ? { security: signedIn } : { security: [] }),
    responses: { ...spec.ok, ...problems(...spec.errors) },
  };
}

const clientWrite = (summary: string, body?: Json, extra: readonly ErrorCode[] = []): Json =>
  op({
    summary,
    params: [idParam, idempotencyKey],
    ...(body ? { body } : {}),
    ok: { '200': ok('The client, as it is now', ref('Client')) },
    errors: ['validation-failed', 'client-not-found', ...extra, ...staff],
    auth: true,
  });

const profileFields = {
  firstName: str,
  lastName: str,
  email: str,
  phone: nullableStr,
  type: nullableStr,
  source: nullableStr,
  tags: { type: 'array', items: str },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'Studio client portal API', version: '1.0.0', description: 'The gateway of API.md (v1).' },
  paths: {
    '/api/v1/studios': {
      post: op({
        summary: 'Create a studio and its owner; opens a session',
        body: ref('CreateStudioRequest'),
        ok: {
          '201': ok(
            'The studio and the owner\u2019s session',
            obj({ studio: ref('Studio'), session: ref('Session') }),
          ),
        },
        errors: ['validation-failed', 'slug-taken', 'weak-password', ...common],
      }),
    },
    '/api/v1/studios/{slug}/sessions': {
      post: op({
        summary: 'Sign in',
        params: [slugParam],
        body: obj({ email: str, password: str }),
        ok: { '201': ok('The new session', ref('Session')) },
        errors: ['validation-failed', 'invalid-credentials', ...common],
      }),
    },
    '/api/v1/studios/{slug}/password-resets': {
      post: op({
        summary: 'Ask for a password reset link (the same answer whether or not the email exists)',
        params: [slugParam, idempotencyKey],
        body: obj({ email: str }),
        ok: { '202': ok('Accepted') },
        errors: ['validation-failed', 'rate-limited'],
      }),
    },
    '/api/v1/sessions/current': {
      delete: op({ summary: 'Sign out', ok: { '204': ok('Signed out') }, errors: staff, auth: true }),
    },
    '/api/v1/me': {
      get: op({
        summary: 'Who is signed in',
        ok: { '200': ok('The caller', ref('Me')) },
        errors: staff,
        auth: true,
      }),
    },
    '/api/v1/clients': {
      post: op({
        summary: 'Add a client (and invite them with `invite`)',
        params: [idempotencyKey],
        body: ref('AddClientRequest'),
        ok: { '201': ok('The new client', ref('Client')) },
        errors: ['validation-failed', 'email-taken', 'idempotency-key-reused', 'conflict', ...staff],
        auth: true,
      }),
      get: op({
        summary: 'List the studio\u2019s clients',
        params: [
          { name: 'q', in: 'query', schema: str },
          { name: 'access', in: 'query', schema: { enum: ['Inactive', 'Invited', 'Active'] } },
          { name: 'type', in: 'query', schema: str },
          { name: 'source', in: 'query', schema: str },
          { name: 'tag', in: 'query', schema: str },
          {
            name: 'sort',
            in: 'query',
            schema: {
              enum: ['lastName', '-lastName', 'firstName', 'email', 'createdAt', '-createdAt'],
              default: 'lastName',
            },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
          { name: 'cursor', in: 'query', schema: str },
        ],
        ok: { '200': ok('A page of clients', ref('ClientPage')) },
        errors: ['validation-failed', ...staff],
        auth: true,
      }),
    },
    '/api/v1/clients/{id}': {
      get: op({
        summary: 'One client',
        params: [idParam],
        ok: { '200': ok('The client', ref('Client')) },
        errors: ['client-not-found', ...staff],
        auth: true,
      }),
      patch: op({
        summary: 'Edit a client\u2019s profile',
        params: [
          idParam,
          { name: 'If-Match', in: 'header', required: false, schema: str, description: '"<version>"' },
        ],
        body: ref('UpdateClientRequest'),
        ok: { '200': ok('The client, as it is now', ref('Client')) },
        errors: ['validation-failed', 'client-not-found', 'email-taken', 'version-mismatch', ...staff],
        auth: true,
      }),
    },
    '/api/v1/clients/{id}/invitation/draft': {
      get: op({
        summary: 'The generic invitation text to pre-fill',
        params: [idParam],
        ok: { '200': ok('The draft', obj({ subject: str, message: str })) },
        errors: ['client-not-found', ...staff],
        auth: true,
      }),
    },
    '/api/v1/clients/{id}/invitation': {
      post: clientWrite('Invite the client', obj({ message: nullableStr }, []), [
        'client-active',
        'invitation-pending',
        'idempotency-key-reused',
        'conflict',
      ]),
      delete: op({
        summary: 'Revoke the pending invitation',
        params: [idParam],
        ok: { '200': ok('The client (Inactive)', ref('Client')) },
        errors: ['validation-failed', 'client-not-found', 'no-invitation', ...staff],
        auth: true,
      }),
    },
    '/api/v1/clients/{id}/invitation/resend': {
      post: clientWrite('Send a new invitation link', undefined, [
        'no-invitation',
        'idempotency-key-reused',
        'conflict',
      ]),
    },
    '/api/v1/clients/{id}/deactivation': {
      post: clientWrite('Deactivate the client', undefined, [
        'client-inactive',
        'idempotency-key-reused',
        'conflict',
      ]),
    },
    '/api/v1/clients/{id}/history': {
      get: op({
        summary: 'The client\u2019s event history, oldest first',
        params: [idParam],
        ok: { '200': ok('The history', ref('History')) },
        errors: ['client-not-found', ...staff],
        auth: true,
      }),
    },
    '/api/v1/invitations/{token}': {
      get: op({
        summary: 'Look at an invitation link (never uses it up)',
        params: [tokenParam],
        ok: { '200': ok('The invitation', ref('InvitationLookup')) },
        errors: [
          'invitation-not-found',
          'invitation-expired',
          'invitation-revoked',
          'invitation-replaced',
          'invitation-used',
          ...common,
        ],
      }),
    },
    '/api/v1/invitations/{token}/acceptance': {
      post: op({
        summary: 'Accept an invitation by setting a password; opens a session',
        params: [tokenParam],
        body: obj({ password: str }),
        ok: {
          '201': ok('The client\u2019s first session, and where to go', ref('AcceptedSession')),
        },
        errors: [
          'validation-failed',
          'weak-password',
          'invitation-not-found',
          'invitation-expired',
          'invitation-revoked',
          'invitation-replaced',
          'invitation-used',
          ...common,
        ],
      }),
    },
    '/api/v1/password-resets/{token}': {
      post: op({
        summary: 'Set a new password from a reset link; ends every session of the account',
        params: [tokenParam, idempotencyKey],
        body: obj({ password: str }),
        ok: { '204': ok('Password changed') },
        errors: [
          'validation-failed',
          'weak-password',
          'reset-not-found',
          'reset-expired',
          'reset-used',
          'idempotency-key-reused',
          ...common,
        ],
      }),
    },
    '/health/live': {
      get: op({ summary: 'Liveness', ok: { '200': ok('Alive', obj({ status: str })) }, errors: [] }),
    },
    '/health/ready': {
      get: op({
        summary: 'Readiness: every service answers',
        ok: {
          '200': ok(
            'Ready',
            obj({ status: { const: 'ok' }, services: { type: 'object', additionalProperties: str } }),
          ),
        },
        errors: ['service-unavailable'],
      }),
    },
    '/metrics': {
      get: op({
        summary: 'Prometheus metrics',
        ok: { '200': { description: 'Metrics', content: { 'text/plain': { schema: str } } } },
        errors: [],
      }),
    },
    '/api/docs': {
      get: op({
        summary: 'This document, as a page',
        ok: { '200': { description: 'HTML', content: { 'text/html': { schema: str } } } },
        errors: [],
      }),
    },
    '/api/docs.json': {
      get: op({ summary: 'This document', ok: { '200': ok('OpenAPI 3.1', { type: 'object' }) }, errors: [] }),
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'A session token' },
      cookie: {
        type: 'apiKey',
        in: 'cookie',
        name: 'studio_session',
        description: 'State-changing requests also need X-Requested-With: studio',
      },
    },
    schemas: {
      Problem: obj(
        {
          type: str,
          title: str,
          status: { type: 'integer' },
          code: str,
          detail: str,
          errors: { type: 'array', items: obj({ field: str, message: str }) },
        },
        ['type', 'title', 'status', 'code', 'detail', 'errors'],
      ),
      Studio: obj({ id: str, name: str, slug: str }),
      Principal: obj({
        kind: { enum: ['staff', 'client'] },
        id: str,
        studioId: str,
        firstName: str,
        lastName: str,
        email: str,
      }),
      Session: obj({ token: str, expiresAt: time, principal: ref('Principal') }),
      // Session & {redirectTo}, spelled out: an allOf of two closed objects would accept nothing.
      AcceptedSession: obj({
        token: str,
        expiresAt: time,
        principal: ref('Principal'),
        redirectTo: { const: '/dashboard' },
      }),
      Me: obj({
        principal: ref('Principal'),
        studio: ref('Studio'),
        projects: { type: 'array', items: obj({ id: str, name: str }) },
      }),
      Client: obj({
        id: str,
        ...profileFields,
        access: { enum: ['Inactive', 'Invited', 'Active'] },
        invitation: {
          oneOf: [
            { type: 'null' },
            obj({
              status: { enum: ['pending', 'expired'] },
              sentAt: time,
              expiresAt: time,
              delivery: { enum: ['pending', 'sent', 'failed'] },
            }),
          ],
        },
        createdAt: time,
        activatedAt: { type: ['string', 'null'], format: 'date-time' },
        version: { type: 'integer' },
      }),
      ClientPage: obj({
        items: { type: 'array', items: ref('Client') },
        nextCursor: nullableStr,
        counts: obj({
          Inactive: { type: 'integer' },
          Invited: { type: 'integer' },
          Active: { type: 'integer' },
        }),
      }),
      History: obj({
        events: { type: 'array', items: obj({ type: str, at: time, by: {}, data: { type: 'object' } }) },
      }),
      InvitationLookup: obj({
        studio: obj({ name: str, slug: str }),
        client: obj({ firstName: str, email: str }),
        expiresAt: time,
      }),
      CreateStudioRequest: obj({
        name: str,
        slug: str,
        owner: obj({ firstName: str, lastName: str, email: str, password: str }),
      }),
      AddClientRequest: obj({ ...profileFields, invite: obj({ message: nullableStr }, []) }, [
        'firstName',
        'lastName',
        'email',
      ]),
      UpdateClientRequest: obj(profileFields, []),
    },
  },
};
