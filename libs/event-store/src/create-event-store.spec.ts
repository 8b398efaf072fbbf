import { createEventStore } from './create-event-store';

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
});
