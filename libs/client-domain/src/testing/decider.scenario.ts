/** given(...events).when(command).then(...events) / .thenFails(code): the decider's test language. */
import { Problem, type ClientEvent, type ProblemData, type ErrorCode } from '@studio/contracts';
import type { ClientCommand } from '../client.commands';
import { decide } from '../client.decider';
import { evolve } from '../client.evolve';
import { initialState } from '../client.state';
import { RESEND_INTERVAL_MS, TTL_MS } from './client-events.builders';

export function given(...history: ClientEvent[]) {
  const state = history.reduce(evolve, initialState);
  return {
    when(command: ClientCommand) {
      const run = () =>
        decide(command, state, {
          invitationTtlMs: TTL_MS,
          resendIntervalMs: RESEND_INTERVAL_MS,
        });
      return {
        then(...expected: ClientEvent[]): void {
          expect(run()).toEqual(expected);
        },
        /** Returns the problem, for assertions on its field errors. */
        thenFails(code: ErrorCode): ProblemData {
          let thrown: unknown;
          try {
            thrown = { decided: run() };
          } catch (error) {
            thrown = error;
          }
          if (!(thrown instanceof Problem)) {
            throw new Error(`expected a ${code} refusal, got ${JSON.stringify(thrown)}`);
          }
          expect(thrown.problem.code).toBe(code);
          return thrown.problem;
        },
      };
    },
  };
}
