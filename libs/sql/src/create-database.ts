import { asUnavailable } from './unavailable';
import { PgDatabase, type PgDatabaseOptions } from './pg-database';
import { PgliteDatabase } from './pglite-database';
import type { SqlDatabase } from './sql-database.port';

/**
 * Opens the database a URL names: `postgres://…` (optionally `?schema=name`), `pglite://<dir>`, or
 * `pglite://memory`. `schema` is the PostgreSQL schema to work in when the URL names none: each service
 * keeps its tables in its own.
 */
export async function createDatabase(
  url: string,
  options: Pick<PgDatabaseOptions, 'schema' | 'applicationName' | 'genericPlans'> & {
    poolSize?: number;
  } = {},
): Promise<SqlDatabase> {
  const parsed = parseDatabaseUrl(url);
  const schema = parsed.kind === 'postgres' ? (parsed.schema ?? options.schema) : options.schema;
  switch (parsed.kind) {
    case 'postgres': {
      const db = new PgDatabase({
        url: parsed.url,
        schema,
        applicationName: options.applicationName,
        max: options.poolSize,
        genericPlans: options.genericPlans,
      });
      try {
        await db.ensureSchema();
      } catch (error) {
        // The first statement is the first connection: a server not there yet is "not now" (the caller may
        // wait for it), anything else (bad credentials, no such database) is "never".
        await db.close().catch(() => undefined);
        throw asUnavailable(error);
      }
      return db;
    }
    case 'pglite': {
      const db = await PgliteDatabase.open(parsed.dir);
      return schema ? db.scoped(schema) : db;
    }
    default: {
      const never: never = parsed;
      return never;
    }
  }
}

export type DatabaseUrl =
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string }
  | { readonly kind: 'pglite'; readonly dir?: string };

export function parseDatabaseUrl(url: string): DatabaseUrl {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', url: parsed.toString(), schema };
  }
  if (url.startsWith('pglite://')) {
    const dir = url.slice('pglite://'.length);
    return dir === '' || dir === 'memory' ? { kind: 'pglite' } : { kind: 'pglite', dir };
  }
  throw new Error(
    `unsupported database URL "${url.replace(/\/\/[^@/]*@/, '//***@')}": use postgres://… or pglite://<dir>`,
  );
}
