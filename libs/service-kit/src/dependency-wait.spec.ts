import { Problem } from '@studio/contracts';
import { DependencyRefusedError, type Waiting, waitFor } from './dependency-wait';

const quietLog = () => {
  const lines: string[] = [];
  return { lines, log: { warn: (m: string) => void lines.push(m), log: (m: string) => void lines.push(m) } };
};

describe('waiting for a dependency at start-up', () => {
  it('tries again while it answers "not now", saying why, and returns what it opened', async () => {
    const { lines, log } = quietLog();
    const waiting: Waiting = { reason: 'starting' };
    let attempts = 0;
    const opened = await waitFor(
      'NATS at 127.0.0.1:4222',
      async () => {
        if (++attempts < 3)
          throw Problem.of('service-unavailable', 'NATS is unreachable: connection refused');
        return 'connection';
      },
      { log, waiting, firstDelayMs: 1 },
    );
    expect(opened).toBe('connection');
    expect(waiting.reason).toBe(
      'waiting for NATS at 127.0.0.1:4222: NATS is unreachable: connection refused',
    );
    expect(lines).toEqual([
      expect.stringMatching(/attempt 1, again in 1 ms/),
      expect.stringMatching(/attempt 2, again in 2 ms/),
      'NATS at 127.0.0.1:4222 answers (after 3 attempts)',
    ]);
  });

  it('gives up at once on "never" (bad credentials, no such database), naming what to check', async () => {
    const { log } = quietLog();
    let attempts = 0;
    const refused = waitFor(
      'PostgreSQL at db:5432',
      async () => {
        attempts++;
        throw new Error('password authentication failed for user "studio"');
      },
      { log, waiting: { reason: undefined }, firstDelayMs: 1 },
    );
    await expect(refused).rejects.toThrow(DependencyRefusedError);
    await expect(refused).rejects.toThrow(
      'cannot use PostgreSQL at db:5432: password authentication failed for user "studio"; check its URL and credentials',
    );
    expect(attempts).toBe(1);
  });
});
