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
  it('sends from no-reply at the public host, and listens on every interface, unless told otherwise', () => {
    expect(readSettings({ PUBLIC_URL: 'https://portal.oak.test' })).toMatchObject({
      mailFrom: 'no-reply@portal.oak.test',
      host: '0.0.0.0',
    });
    expect(readSettings({ MAIL_FROM: 'studio@oak.test', HOST: '127.0.0.1' })).toMatchObject({
      mailFrom: 'studio@oak.test',
      host: '127.0.0.1',
    });
  });

  it('names every bad setting, one a line', () => {
    const problems = problemsOf({
      MAIL_FROM: 'nobody',
      HOST: 'a b',
      PORT: 'x',
      EVENT_STORE_URL: 'pglite:///no/such/folder/db',
    });
    expect(problems).toEqual([
      'PORT="x": expected a TCP port',
      'HOST="a b": expected an address or host name, e.g. 127.0.0.1',
      'MAIL_FROM="nobody": expected an email address, e.g. no-reply@studio.example',
      'EVENT_STORE_URL="pglite:///no/such/folder/db": the folder /no/such/folder does not exist',
    ]);
    expect(new SettingsError(problems).message.split('\n')).toHaveLength(5);
  });

  it('takes a pglite folder that PGlite can create', () => {
    expect(readSettings({ DOCUMENTS_URL: 'pglite://tmp/some-new-db' }).documentsUrl).toBe(
      'pglite://tmp/some-new-db',
    );
    expect(readSettings({ DOCUMENTS_URL: 'pglite://memory' }).documentsUrl).toBe('pglite://memory');
  });
});
