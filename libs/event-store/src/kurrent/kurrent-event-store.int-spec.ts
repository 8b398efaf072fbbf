import { randomBytes } from 'node:crypto';
import { describeWithServer, kurrentTestServer } from '@studio/testing';
import { createEventStore } from '../create-event-store';
import { describeEventStoreContract } from '../event-store.contract';

// The server may be shared (ESDB_URL) and keeps what earlier runs wrote: each run's stores get namespaces of
// their own, so a reader of $all sees only this run's events.
const run = randomBytes(4).toString('hex');

describeWithServer('KurrentDB event store', kurrentTestServer(), (url) => {
  describeEventStoreContract(
    'KurrentDB',
    (schema) => createEventStore(url(), { schema: `${schema}_${run}` }),
    {
      noHeldAppend:
        'KurrentDB writes $all in commit order: no append is visible before one that committed earlier',
    },
  );
});
