import { isKurrentUrl, parseKurrentUrl } from './kurrent-url';

describe('KurrentDB URL', () => {
  it('knows its schemes, with and without +discover', () => {
    for (const url of ['esdb://h:2113', 'kurrentdb://h', 'esdb+discover://h', 'kurrentdb+discover://h'])
      expect(isKurrentUrl(url)).toBe(true);
    for (const url of ['postgres://h/db', 'pglite://memory', 'mongodb://h', 'kurrent://h'])
      expect(isKurrentUrl(url)).toBe(false);
  });

  it('hands the client the kurrentdb spelling, keeping credentials, hosts and options', () => {
    expect(parseKurrentUrl('esdb://admin:changeit@db:2113?tls=false')).toEqual({
      connectionString: 'kurrentdb://admin:changeit@db:2113?tls=false',
      endpoint: 'db:2113',
    });
    expect(parseKurrentUrl('esdb+discover://a:2113,b:2113,c:2113').connectionString).toBe(
      'kurrentdb+discover://a:2113,b:2113,c:2113',
    );
    expect(parseKurrentUrl('kurrentdb://127.0.0.1:2113/?tls=false').connectionString).toBe(
      'kurrentdb://127.0.0.1:2113/?tls=false',
    );
  });

  it('names the hosts alone, never the password', () => {
    expect(parseKurrentUrl('kurrentdb://admin:s3cret@db.internal:2113').endpoint).toBe('db.internal:2113');
  });

  it('refuses a URL without a host or with a malformed one', () => {
    expect(() => parseKurrentUrl('kurrentdb://')).toThrow(/kurrentdb:\/\/host/);
    expect(() => parseKurrentUrl('esdb://admin:pw@')).toThrow(/kurrentdb:\/\/host/);
    expect(() => parseKurrentUrl('kurrentdb://db:port')).toThrow(/kurrentdb:\/\/host/);
  });
});
