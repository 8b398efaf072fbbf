import { natsEndpoint, opsPortOf, readSettings, SettingsError, sqlStateUrl } from './settings';

const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
};

describe('settings', () => {
  it('listens on every interface unless told otherwise', () => {
    expect(readSettings({}).host).toBe('0.0.0.0');
    expect(readSettings({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('reads OPS_PORT as API.md says: a port, 0 for none, unset for the default of the mode', () => {
    expect(opsPortOf(readSettings({ OPS_PORT: '9500' }), 9469)).toBe(9500);
    expect(opsPortOf(readSettings({ OPS_PORT: '0' }), 9469)).toBeUndefined();
    expect(opsPortOf(readSettings({ OPS_PORT: '0' }))).toBeUndefined();
    expect(opsPortOf(readSettings({}), 9469)).toEqual({ preferred: 9469 });
    expect(opsPortOf(readSettings({}))).toBe(0);
    expect(problemsOf({ OPS_PORT: 'x' })).toEqual(['OPS_PORT="x": expected a TCP port (0 turns it off)']);
  });

  it('names every bad setting, one a line', () => {
    const problems = problemsOf({
      HOST: 'a b',
      PORT: 'x',
      EVENT_STORE_URL: 'pglite:///no/such/folder/db',
    });
    expect(problems).toEqual([
      'PORT="x": expected a TCP port',
      'HOST="a b": expected an address or host name, e.g. 127.0.0.1',
      'EVENT_STORE_URL="pglite:///no/such/folder/db": the folder /no/such/folder does not exist',
    ]);
    expect(new SettingsError(problems).message.split('\n')).toHaveLength(4);
  });

  it('connects to NATS as its own user, with its own inbox, and over TLS with a CA of its choosing', () => {
    const plain = readSettings({ NATS_URL: 'nats://nats:4222' });
    expect(natsEndpoint(plain, 'projector')).toEqual({ url: 'nats://nats:4222', inboxName: 'projector' });
    const user = readSettings({
      NATS_URL: 'tls://nats:4222',
      NATS_USER: 'projector-kurrent',
      NATS_PASSWORD: 'secret',
      NATS_TLS_CA: __filename,
    });
    expect(natsEndpoint(user, 'projector')).toEqual({
      url: 'tls://nats:4222',
      user: 'projector-kurrent',
      password: 'secret',
      tlsCa: __filename,
      inboxName: 'projector-kurrent',
    });
  });

  it('names a half-given NATS identity, a missing file, and a CA without TLS', () => {
    expect(problemsOf({ NATS_URL: 'nats://n:4222', NATS_USER: 'gateway' })).toEqual([
      'NATS_USER and NATS_PASSWORD: set both, or neither',
    ]);
    expect(
      problemsOf({
        NATS_URL: 'nats://n:4222',
        NATS_USER: 'a b',
        NATS_PASSWORD: 'x',
        NATS_CREDS: '/no/such.creds',
        NATS_TLS_CA: '/no/such.pem',
      }),
    ).toEqual([
      'NATS_USER="a b": expected letters, digits, _ and - only',
      'NATS_CREDS and NATS_USER: set one of them, not both',
      'NATS_CREDS="/no/such.creds": no such file',
      'NATS_TLS_CA="/no/such.pem": no such file',
      'NATS_TLS_CA: only with NATS_URL tls://…',
    ]);
  });

  it('takes a pglite folder that PGlite can create', () => {
    expect(readSettings({ DOCUMENTS_URL: 'pglite://tmp/some-new-db' }).documentsUrl).toBe(
      'pglite://tmp/some-new-db',
    );
    expect(readSettings({ DOCUMENTS_URL: 'pglite://memory' }).documentsUrl).toBe('pglite://memory');
  });

  it('takes a KurrentDB event store, one node or a cluster to discover', () => {
    for (const url of [
      'esdb://db:2113?tls=false',
      'kurrentdb://db:2113',
      'esdb+discover://a,b,c',
      'kurrentdb+discover://a',
    ])
      expect(readSettings({ EVENT_STORE_URL: url }).eventStoreUrl).toBe(url);
  });

  it('keeps the services own tables in DOCUMENTS_URL, or in STATE_URL when the read models are on MongoDB', () => {
    const pg = 'postgres://postgres@127.0.0.1:5432/studio';
    expect(sqlStateUrl(readSettings({ DOCUMENTS_URL: pg }))).toBe(pg);
    const mongo = readSettings({ DOCUMENTS_URL: 'mongodb://db:27017/portal?replicaSet=rs0', STATE_URL: pg });
    expect(mongo.documentsUrl).toBe('mongodb://db:27017/portal?replicaSet=rs0');
    expect(sqlStateUrl(mongo)).toBe(pg);
    expect(sqlStateUrl(readSettings({ DOCUMENTS_URL: 'mongodb://db' }))).toBeUndefined();
  });

  it('names a malformed MongoDB URL without echoing it, and a STATE_URL that would go unused', () => {
    expect(problemsOf({ DOCUMENTS_URL: 'mongodb://user:secret@/db' })).toEqual([
      'DOCUMENTS_URL: a MongoDB URL is mongodb://[user:password@]host[:port][,host…][/database][?options] (database: letters, digits, _ and -)',
    ]);
    expect(problemsOf({ DOCUMENTS_URL: 'pglite://memory', STATE_URL: 'pglite://memory' })).toEqual([
      'STATE_URL: only with a mongodb:// DOCUMENTS_URL (else DOCUMENTS_URL holds it all)',
    ]);
    expect(problemsOf({ DOCUMENTS_URL: 'mongodb://db', STATE_URL: 'mongodb://db' })).toEqual([
      'STATE_URL: expected postgres://, postgresql://, pglite://…',
    ]);
  });
});
