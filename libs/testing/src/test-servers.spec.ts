import { dockerEngine, kurrentTestServer, mongoTestServer } from './test-servers';

describe('test servers', () => {
  it('take the URL from ESDB_URL or MONGO_URL when set, without asking Docker', () => {
    expect(kurrentTestServer({ ESDB_URL: 'kurrentdb://db:2113?tls=false' })).toEqual({
      kind: 'given',
      url: 'kurrentdb://db:2113?tls=false',
    });
    expect(mongoTestServer({ MONGO_URL: 'mongodb://db:27017' })).toEqual({
      kind: 'given',
      url: 'mongodb://db:27017',
    });
  });

  it('otherwise start a container where a Docker engine answers, or say why there is no server', () => {
    const docker = dockerEngine();
    const server = kurrentTestServer({});
    if (docker.answers) expect(server.kind).toBe('container');
    else
      expect(server).toEqual({
        kind: 'none',
        reason: `ESDB_URL is not set and no Docker engine answers (${docker.reason})`,
      });
    expect(mongoTestServer({}).kind).toBe(docker.answers ? 'container' : 'none');
  });
});
