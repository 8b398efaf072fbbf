import type { GatewayRequest } from '../auth/auth-context';
import { idempotencyScope } from './idempotency-scope';

const anonymous = (ip: string, path: string) => ({ ip, path }) as unknown as GatewayRequest;
const signedIn = (sessionKey: string) =>
  ({ ip: '10.0.0.1', path: '/api/v1/clients', auth: { sessionKey } }) as unknown as GatewayRequest;

describe('idempotency scope', () => {
  it('gives each session its own namespace, even two sessions of one person', () => {
    expect(idempotencyScope(signedIn('a'))).not.toBe(idempotencyScope(signedIn('b')));
    expect(idempotencyScope(signedIn('a'))).toBe(idempotencyScope(signedIn('a')));
  });

  it('gives anonymous callers one per address and endpoint, not one for everybody', () => {
    const reset = '/api/v1/studios/s/password-resets';
    expect(idempotencyScope(anonymous('10.0.0.1', reset))).not.toBe(
      idempotencyScope(anonymous('10.0.0.2', reset)),
    );
    expect(idempotencyScope(anonymous('10.0.0.1', reset))).not.toBe(
      idempotencyScope(anonymous('10.0.0.1', '/api/v1/studios/t/password-resets')),
    );
    expect(idempotencyScope(anonymous('10.0.0.1', reset))).toBe(
      idempotencyScope(anonymous('10.0.0.1', reset)),
    );
  });

  it('keeps addresses and path tokens out of the stored scope', () => {
    const scope = idempotencyScope(anonymous('10.0.0.1', '/api/v1/password-resets/secret-token'));
    expect(scope).not.toMatch(/10\.0\.0\.1|secret-token/);
  });
});
