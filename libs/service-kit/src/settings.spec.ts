import { readSettings, SettingsError } from './settings';

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
});
