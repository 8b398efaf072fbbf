/**
 * The event store's URL for KurrentDB (EventStoreDB's successor): `kurrentdb://`, `esdb://` or their `+discover`
 * forms, hosts and query options as the client's connection string has them.
 */
const KURRENT_URL = /^(esdb|kurrentdb)(\+discover)?:\/\/(?:([^@/?]*)@)?([^/?]*)(.*)$/i;

export interface KurrentUrl {
  /** For the client: `esdb` spelled `kurrentdb` (the client warns on the old name), all else as given. */
  readonly connectionString: string;
  /** The hosts alone, for messages: the URL may carry a password. */
  readonly endpoint: string;
}

export function isKurrentUrl(url: string): boolean {
  return /^(esdb|kurrentdb)(\+discover)?:\/\//i.test(url);
}

export function parseKurrentUrl(url: string): KurrentUrl {
  const match = KURRENT_URL.exec(url);
  const hosts = match?.[4] ?? '';
  if (!match || hosts === '' || hosts.split(',').some((host) => !/^[\w.-]+(:\d{1,5})?$/.test(host)))
    throw new Error(
      'a KurrentDB URL is kurrentdb://host[:port][,host…][?options] (or esdb://, or +discover for a cluster)',
    );
  const credentials = match[3] === undefined ? '' : `${match[3]}@`;
  return {
    connectionString: `kurrentdb${match[2] ?? ''}://${credentials}${hosts}${match[5] ?? ''}`,
    endpoint: hosts,
  };
}
