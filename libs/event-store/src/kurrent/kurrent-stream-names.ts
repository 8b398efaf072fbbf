import { createHash } from 'node:crypto';

/**
 * Names on the server. Every stream of one store starts with its namespace (the `schema` option), so stores and
 * test runs can share a server and `$all` readers keep to theirs with a prefix filter: `<ns>:<streamId>` for
 * events, `<ns>-reservation:<hash>` for reservations (outside that prefix, so readers never see them; hashed, so
 * no email address becomes a stream name).
 */
export class KurrentStreamNames {
  readonly eventPrefix: string;

  constructor(readonly namespace: string) {
    if (!/^[A-Za-z0-9_]+$/.test(namespace))
      throw new RangeError(`event store namespace must be letters, digits and _ only; got "${namespace}"`);
    this.eventPrefix = `${namespace}:`;
  }

  events(streamId: string): string {
    return `${this.eventPrefix}${streamId}`;
  }

  streamIdOf(streamName: string): string {
    if (!streamName.startsWith(this.eventPrefix))
      throw new RangeError(`stream "${streamName}" is not in namespace ${this.namespace}`);
    return streamName.slice(this.eventPrefix.length);
  }

  reservation(scope: string, key: string): string {
    const hash = createHash('sha256').update(scope).update('\0').update(key).digest('hex');
    return `${this.namespace}-reservation:${hash}`;
  }
}
