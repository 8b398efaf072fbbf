import { Problem } from '@studio/contracts';
import { serviceUnavailable } from './service-unavailable';
import { isTransient } from './transient';

describe('isTransient', () => {
  it.each([
    ['a service that did not answer', serviceUnavailable('identity.studios.get')],
    ['its problem, after crossing the bus', Problem.of('service-unavailable').problem],
  ])('says yes to %s', (_name, error) => expect(isTransient(error)).toBe(true));

  it.each([
    ['a refusal', Problem.of('email-taken')],
    ['a bug', new TypeError('x is undefined')],
    ['a driver error the adapter did not call unavailable', Object.assign(new Error('x'), { code: '57P01' })],
    ['nothing at all', undefined],
  ])('says no to %s', (_name, error) => expect(isTransient(error)).toBe(false));
});
