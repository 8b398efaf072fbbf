import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describeWithServer, mongoTestServer } from '@studio/testing';
import { describeClientIndexContract } from './client-index.contract';
import { MongoClientIndex } from './mongo-client-index.repository';

// The server may be shared (MONGO_URL): each test gets a database of its own, dropped after it.
const run = randomBytes(4).toString('hex');
let tests = 0;

describeWithServer('MongoDB client index', mongoTestServer(), (url) => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(url()).connect();
  });
  afterAll(() => client?.close());

  describeClientIndexContract('MongoDB', async () => {
    const db = client.db(`contract_${run}_${++tests}`);
    return {
      index: await MongoClientIndex.open(client, db),
      close: async () => void (await db.dropDatabase()),
    };
  });
});
