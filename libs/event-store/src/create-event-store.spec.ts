import { freePort } from '@studio/testing';
import { createEventStore } from './create-event-store';
import { EventStoreUnreachableError } from './event-store-unreachable.error';

describe('createEventStore', () => {
  it('refuses an unknown scheme, naming only the scheme (a URL may carry a password)', async () => {
    const refused = createEventStore('mysql://admin:s3cret@db/events');
    await expect(refused).rejects.toThrow(/got scheme mysql:/);
    await expect(refused).rejects.not.toThrow(/s3cret/);
  });

  it('refuses a PGlite URL without a location', async () => {
    await expect(createEventStore('pglite://')).rejects.toThrow(
      /pglite:\/\/memory or pglite:\/\/<directory>/,
    );
  });

  it('refuses a KurrentDB URL without a host', async () => {
    await expect(createEventStore('esdb://admin:s3cret@')).rejects.toThrow(/kurrentdb:\/\/host/);
  });

  it('says plainly that a KurrentDB server does not answer, naming the host but not the password', async () => {
    const port = await freePort();
    const refused = createEventStore(`kurrentdb://admin:s3cret@127.0.0.1:${port}?tls=false`);
    await expect(refused).rejects.toBeInstanceOf(EventStoreUnreachableError);
    await expect(refused).rejects.toThrow(`cannot reach KurrentDB at 127.0.0.1:${port}`);
    await expect(refused).rejects.not.toThrow(/s3cret/);
  });
});
