import { Injectable, Logger } from '@nestjs/common';
import {
  type ClientDto,
  type ClientPageDto,
  type ClientWriteResult,
  type GetClientBody,
  type ListClientsBody,
  type ListClientsQuery as ListQuery,
  RequestSubject,
} from '@studio/contracts';
import { type AuthContext } from '../auth/auth-context';
import { Bus } from '../bus/bus';
import { RecentWrites } from './recent-writes';
import { errorMessage } from '@studio/messaging';

/** How long a write's answer waits for the read model before it falls back to the registry's own view. */
const READ_AFTER_WRITE_MS = 3_000;

/** Reads of the client index (the projector), made consistent with the session's own writes. */
@Injectable()
export class ClientReads {
  private readonly log = new Logger('ClientReads');

  constructor(
    private readonly bus: Bus,
    private readonly recent: RecentWrites,
  ) {}

  /** The answer to a successful write: the client as the index shows it once it has the write. */
  async afterWrite(auth: AuthContext, written: ClientWriteResult): Promise<ClientDto> {
    const { client } = written;
    this.recent.remember(auth.sessionKey, { clientId: client.id, version: client.version });
    const body: GetClientBody = {
      studioId: auth.principal.studioId,
      clientId: client.id,
      minVersion: client.version,
    };
    try {
      const read = await this.bus.request<ClientDto>(
        RequestSubject.getClient,
        body,
        auth.caller,
        READ_AFTER_WRITE_MS,
      );
      return read.version >= client.version ? read : client;
    } catch (error) {
      // The write happened: an index that lags or is down must not turn it into an error.
      this.log.warn(`answering a write from the registry: ${errorMessage(error)}`);
      return client;
    }
  }

  get(auth: AuthContext, clientId: string): Promise<ClientDto> {
    const minVersion = this.recent.versionOf(auth.sessionKey, clientId);
    const body: GetClientBody = {
      studioId: auth.principal.studioId,
      clientId,
      ...(minVersion === undefined ? {} : { minVersion }),
    };
    return this.bus.request<ClientDto>(RequestSubject.getClient, body, auth.caller);
  }

  list(auth: AuthContext, query: ListQuery): Promise<ClientPageDto> {
    const after = this.recent.last(auth.sessionKey);
    const body: ListClientsBody = {
      studioId: auth.principal.studioId,
      ...query,
      ...(after === undefined ? {} : { after }),
    };
    return this.bus.request<ClientPageDto>(RequestSubject.listClients, body, auth.caller);
  }
}
