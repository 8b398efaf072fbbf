/**
 * A MongoDB URL as DOCUMENTS_URL gives it: `mongodb://[user:password@]host[:port][,host…][/database][?options]`
 * (or `mongodb+srv://`). The database names the read models' databases, one per service (`<database>_<service>`,
 * as each service has its own PostgreSQL schema); `studio` when the URL names none.
 */
const MONGO_URL = /^mongodb(\+srv)?:\/\/(?:[^@/?]*@)?([^/?]*)(?:\/([^?]*))?(\?.*)?$/i;

export interface MongoUrl {
  /** For the driver, as given. */
  readonly url: string;
  readonly database: string;
  /** The hosts alone, for messages: the URL may carry a password. */
  readonly endpoint: string;
}

const DEFAULT_MONGO_DATABASE = 'studio';

export function isMongoUrl(url: string | undefined): boolean {
  return url !== undefined && /^mongodb(\+srv)?:\/\//i.test(url);
}

export function parseMongoUrl(url: string): MongoUrl {
  const match = MONGO_URL.exec(url);
  const hosts = match?.[2] ?? '';
  const database = decodeURIComponent(match?.[3] ?? '') || DEFAULT_MONGO_DATABASE;
  if (
    !match ||
    hosts === '' ||
    hosts.split(',').some((host) => !/^([\w.-]+|\[[0-9a-f:]+\])(:\d{1,5})?$/i.test(host)) ||
    !/^[\w-]{1,38}$/.test(database)
  )
    throw new Error(
      'a MongoDB URL is mongodb://[user:password@]host[:port][,host…][/database][?options] (database: letters, digits, _ and -)',
    );
  return { url, database, endpoint: hosts };
}

/** The database of one service's read models: `<database>_<service>`, as PostgreSQL has a schema per service. */
export const serviceDatabase = (parsed: MongoUrl, service: string): string =>
  `${parsed.database}_${service.replace(/-/g, '_')}`;
