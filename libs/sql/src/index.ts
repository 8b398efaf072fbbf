export {
  type SqlDatabase,
  type SqlExecutor,
  type SqlStatement,
  type Migration,
  statementText,
} from './sql-database.port';
export { PgDatabase, type PgDatabaseOptions } from './pg-database';
export { quoteIdent } from './quote';
export { PgliteDatabase } from './pglite-database';
export { migrate } from './migrate';
export { createDatabase, parseDatabaseUrl, type DatabaseUrl } from './create-database';
