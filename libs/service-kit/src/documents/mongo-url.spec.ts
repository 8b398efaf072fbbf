import { isMongoUrl, parseMongoUrl, serviceDatabase } from './mongo-url';

describe('MongoDB URLs (DOCUMENTS_URL)', () => {
  it('takes hosts, credentials, a database and options, and names the hosts alone', () => {
    const parsed = parseMongoUrl('mongodb://reader:s3cret@db1:27017,db2/portal?replicaSet=rs0');
    expect(parsed).toEqual({
      url: 'mongodb://reader:s3cret@db1:27017,db2/portal?replicaSet=rs0',
      database: 'portal',
      endpoint: 'db1:27017,db2',
    });
    expect(serviceDatabase(parsed, 'client-registry')).toBe('portal_client_registry');
  });

  it('defaults the database to studio, and takes mongodb+srv', () => {
    expect(parseMongoUrl('mongodb://127.0.0.1:27017').database).toBe('studio');
    expect(parseMongoUrl('mongodb://127.0.0.1:27017/?directConnection=true').database).toBe('studio');
    expect(parseMongoUrl('mongodb+srv://cluster0.example.net/app').endpoint).toBe('cluster0.example.net');
  });

  it.each(['mongodb://', 'mongodb://user:pw@/db', 'mongodb://host/bad.name', 'mongodb://ho st'])(
    'refuses %s without echoing it',
    (url) => {
      expect(() => parseMongoUrl(url)).toThrow(/^a MongoDB URL is mongodb:\/\//);
    },
  );

  it('tells a MongoDB URL from the SQL ones', () => {
    expect(isMongoUrl('mongodb://h')).toBe(true);
    expect(isMongoUrl('MONGODB+SRV://h')).toBe(true);
    expect(isMongoUrl('postgres://h/db')).toBe(false);
    expect(isMongoUrl(undefined)).toBe(false);
  });
});
