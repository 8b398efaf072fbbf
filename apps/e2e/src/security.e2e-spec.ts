import { createStudio, type StaffSession } from './harness/builders';
import { type Answer } from './harness/http';
import { type RunningSystem, startSystem } from './harness/system';

/*
 * Issue 11's findings against the running system (embedded: one process, the same gateway and services):
 * each describe is a row of the audit's table and fails on the code the audit ran against.
 */

let system: RunningSystem;
let staff: StaffSession;

beforeAll(async () => {
  system = await startSystem('embedded');
  staff = await createStudio(system.client);
});

afterAll(() => system.stop());

function expectValidationFailed(answer: Answer, field?: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({
    status: 400,
    code: 'validation-failed',
  });
  if (field !== undefined)
    expect((answer.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
}

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('finding 4: deep JSON', () => {
  it('answers a 40,000-deep body with an Idempotency-Key with 400, anonymous or signed in', async () => {
    const raw = `{"email":"a@x.io","extra":${deepArray(40_000)}}`;
    const headers = { 'idempotency-key': 'deep-1' };
    const anonymous = await system.api.post(`/api/v1/studios/${staff.slug}/password-resets`, undefined, {
      raw,
      headers,
    });
    expectValidationFailed(anonymous, 'body');
    const signedIn = await system.api.post('/api/v1/clients', undefined, {
      raw,
      headers,
      token: staff.token,
    });
    expectValidationFailed(signedIn, 'body');
  });

  it('still takes bodies nested as deep as the API needs', async () => {
    const answer = await system.api.post(
      '/api/v1/clients',
      { firstName: 'Deep', lastName: 'Enough', email: 'deep@x.io', invite: { message: null } },
      { token: staff.token, headers: { 'idempotency-key': 'deep-2' } },
    );
    expect(answer.status).toBe(201);
  });
});
