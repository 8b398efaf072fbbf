import { problem } from '@studio/contracts';
import { ProblemError, serviceUnavailable } from './problem.error';
import { isTransient } from './transient';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isTransient', () => {
  it.each([
    ['a service that did not answer', serviceUnavailable('identity.studios.get')],
    ['its problem, after crossing the bus', problem('service-unavailable')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('57P01')],
    ['too many connections', withCode('53300')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
  ])('says yes to %s', (_name, error) => expect(isTransient(error)).toBe(true));

  it.each([
    ['a refusal', ProblemError.of('email-taken')],
    ['a bug', new TypeError('x is undefined')],
    ['a constraint violation', withCode('23505')],
    ['nothing at all', undefined],
  ])('says no to %s', (_name, error) => expect(isTransient(error)).toBe(false));
});
