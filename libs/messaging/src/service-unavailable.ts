import { Problem } from '@studio/contracts';

/** The service that should answer is down or too slow: the gateway answers 503, never a hang or a 500. */
export const serviceUnavailable = (subject: string): Problem =>
  Problem.of('service-unavailable', `the ${subject.split('.')[0] ?? subject} service did not answer`);
