import { createApiClient } from '@studio/api-client';
import { expressPath, OPERATIONS, type Operation } from '@studio/contracts';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { aClient, aStudio } from './harness/builders';
import { aPurchase, CHECKOUT_SECRET, signature } from './harness/checkout';
import { linkToken, waitForMail } from './harness/mailbox';
import { refusal } from './harness/problems';
import { type RunningSystem, startSystem } from './harness/system';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

interface DocumentedResponse {
  content?: Record<string, { schema: unknown }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
}

const matcher = (operation: Operation) =>
  new RegExp(`^${expressPath(operation.path).replace(/:\w+/g, '[^/]+')}$`);

/*
 * Every operation the gateway serves, called for real on the embedded system, and each answer checked
 * against /api/docs.json as the gateway serves it: its status is documented, and its body (success or
 * problem) validates against the documented schema.
 */
describe('the answers of every operation match the OpenAPI document', () => {
  let system: RunningSystem;
  const seen: Seen[] = [];

  beforeAll(async () => {
    system = await startSystem('embedded', { env: { CHECKOUT_WEBHOOK_SECRET: CHECKOUT_SECRET } });
  });
  afterAll(() => system?.stop());

  it('calls every operation and checks each answer against the document', async () => {
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = await response.clone().text();
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      seen.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
      });
      return response;
    };
    const api = createApiClient({ baseUrl: system.api.baseUrl, fetch: recording });

    const input = aStudio();
    const created = await api.createStudio({ body: input });
    const staff = api.withToken(created.session.token);
    await api.signIn({
      params: { slug: input.slug },
      body: { email: input.owner.email, password: input.owner.password },
    });
    await staff.getMe();
    const invited = await staff.addClient({
      body: aClient({ phone: '+1 555 0100', tags: ['vip'], invite: {} }),
    });
    const other = await staff.addClient({ body: aClient() });
    await staff.listClients({ query: { limit: 5 } });
    await staff.getClient({ params: { id: other.id } });
    await staff.updateClient({
      params: { id: other.id },
      headers: { 'If-Match': `"${other.version}"` },
      body: { type: 'Lead' },
    });
    await staff.getInvitationDraft({ params: { id: other.id } });
    await staff.sendInvitation({ params: { id: other.id }, body: { message: 'Welcome' } });
    await staff.resendInvitation({ params: { id: other.id } });
    await staff.revokeInvitation({ params: { id: other.id } });
    await staff.getClientHistory({ params: { id: other.id } });
    const project = await staff.createProject({ body: { name: 'Loft' } });
    await staff.listProjects({ query: { limit: 5 } });
    await staff.getProject({ params: { id: project.id } });
    await staff.renameProject({ params: { id: project.id }, body: { name: 'Loft II' } });
    await staff.addClientToProject({ params: { id: project.id, clientId: other.id } });
    await staff.getClient({ params: { id: other.id } });
    await staff.removeClientFromProject({ params: { id: project.id, clientId: invited.id } });

    const invitation = linkToken(
      await waitForMail(system.mailbox, (m) => m.to.includes(invited.email)),
      'invitations',
    );
    await api.getInvitation({ params: { token: invitation } });
    await api.acceptInvitation({ params: { token: invitation }, body: { password: 'a long enough secret' } });
    await staff.deactivateClient({ params: { id: invited.id } });

    await api.requestPasswordReset({ params: { slug: input.slug }, body: { email: input.owner.email } });
    const reset = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(input.owner.email) && m.text.includes('/password-resets/'),
      ),
      'password-resets',
    );
    await api.completePasswordReset({ params: { token: reset }, body: { password: 'another long secret' } });
    const verification = linkToken(
      await waitForMail(
        system.mailbox,
        (m) => m.to.includes(input.owner.email) && m.text.includes('/email-verifications/'),
      ),
      'email-verifications',
    );
    await api.verifyEmail({ params: { token: verification } });
    await refusal(api.verifyEmail({ params: { token: 'no-such-token' } }));
    const again = await api.signIn({
      params: { slug: input.slug },
      body: { email: input.owner.email, password: 'another long secret' },
    });
    await api.withToken(again.token).signOut();

    // The client sends the body as JSON.stringify writes it: the signature is over those bytes.
    const purchase = aPurchase(created.studio.id);
    const signed = { 'X-Signature': signature(JSON.stringify(purchase)) };
    await api.recordPurchase({ headers: signed, body: purchase });
    await refusal(
      api.recordPurchase({ headers: { 'X-Signature': `sha256=${'0'.repeat(64)}` }, body: purchase }),
    );

    await api.live();
    await api.ready();
    await api.docsPage();
    const document = (await api.docsDocument()) as unknown as Document;

    // And refusals: their problem bodies are documented too.
    await refusal(staff.getClient({ params: { id: 'nobody' } }));
    await refusal(staff.addClient({ body: { ...aClient(), email: invited.email } }));
    await refusal(api.getInvitation({ params: { token: invitation } }));
    await refusal(api.withToken('forged').getMe());
    await refusal(staff.getProject({ params: { id: 'nobody' } }));
    await refusal(staff.addClientToProject({ params: { id: project.id, clientId: 'nobody' } }));

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi.json');

    const served = OPERATIONS.filter((operation) => operation.served);
    const checked = new Set<string>();
    const problems: string[] = [];
    for (const answer of seen) {
      const operation = served.find((op) => op.method === answer.method && matcher(op).test(answer.path));
      if (operation === undefined) {
        problems.push(`${answer.method} ${answer.path}: no operation`);
        continue;
      }
      const responses = document.paths[operation.path]?.[operation.method.toLowerCase()]?.responses ?? {};
      const documented = responses[String(answer.status)];
      if (documented === undefined) {
        problems.push(`${operation.operationId}: status ${answer.status} is not documented`);
        continue;
      }
      const mediaType = answer.contentType.split(';')[0]!.trim();
      const content = documented.content;
      if (content === undefined) {
        if (answer.body !== '')
          problems.push(`${operation.operationId} ${answer.status}: a body where none is documented`);
      } else if (content[mediaType] === undefined) {
        problems.push(`${operation.operationId} ${answer.status}: ${mediaType} is not documented`);
      } else if (mediaType.endsWith('json')) {
        const pointer = [
          'paths',
          operation.path,
          operation.method.toLowerCase(),
          'responses',
          String(answer.status),
          'content',
          mediaType,
          'schema',
        ]
          .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
          .join('/');
        const validate = ajv.getSchema(`openapi.json#/${pointer}`)!;
        if (!validate(JSON.parse(answer.body)))
          problems.push(`${operation.operationId} ${answer.status}: ${ajv.errorsText(validate.errors)}`);
      }
      checked.add(operation.operationId);
    }
    expect(problems).toEqual([]);
    expect([...checked].sort()).toEqual(served.map((operation) => operation.operationId).sort());
  });
});
