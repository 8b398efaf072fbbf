/** given(...events).when(command).then(...events) / .thenFails(code): the project decider's test language. */
import { type ErrorCode, Problem, type ProblemData, type ProjectEvent } from '@studio/contracts';
import type { ProjectCommand } from '../project.commands';
import { decide } from '../project.decider';
import { evolve } from '../project.evolve';
import { initialProjectState } from '../project.state';

export function given(...history: ProjectEvent[]) {
  const state = history.reduce(evolve, initialProjectState);
  return {
    when(command: ProjectCommand) {
      const run = () => decide(command, state);
      return {
        then(...expected: ProjectEvent[]): void {
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
