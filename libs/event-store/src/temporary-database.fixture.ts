import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server's maintenance database, from which test runs and benchmarks create and drop their own. */
const ADMIN_URL = process.env['EVENT_STORE_TEST_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TemporaryDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTemporaryDatabase(prefix: string): Promise<TemporaryDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
