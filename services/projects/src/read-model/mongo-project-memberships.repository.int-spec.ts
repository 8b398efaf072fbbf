import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServer, mongoTestServer } from '@studio/testing';
import { MongoProjectMemberships } from './mongo-project-memberships.repository';
import { describeProjectMembershipsContract } from './project-memberships.contract';

// The server may be shared (MONGO_URL): each test gets a database of its own, dropped after it.
const run = randomBytes(4).toString('hex');
let tests = 0;

describeWithServer('MongoDB projects read model', mongoTestServer(), (url) => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(url()).connect();
  });
  afterAll(() => client?.close());

  describeProjectMembershipsContract('MongoDB', async () => {
    const db = client.db(`contract_${run}_${++tests}`);
    return {
      repository: await MongoProjectMemberships.open(client, db),
      close: async () => void (await db.dropDatabase()),
    };
  });
});
