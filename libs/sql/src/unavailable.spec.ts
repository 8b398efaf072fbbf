import { Problem } from '@studio/contracts';
import { asUnavailable } from './unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('asUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('57P01')],
    ['PostgreSQL starting up', withCode('57P03')],
    ['too many connections', withCode('53300')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
  ])('makes %s the service-unavailable problem, keeping the cause', (_name, error) => {
    const mapped = asUnavailable(error);
    expect(mapped).toBeInstanceOf(Problem);
    expect(mapped).toMatchObject({ code: 'service-unavailable', cause: error });
  });

  it.each([
    ['a constraint violation', withCode('23505')],
    ['a deadlock (the transaction retries it)', withCode('40P01')],
    ['a bug', new TypeError('x is undefined')],
  ])('leaves %s as it is', (_name, error) => expect(asUnavailable(error)).toBe(error));
});
