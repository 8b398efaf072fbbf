import { EventStoreUnreachableError } from '@studio/event-store';
import { DocumentStoreUnreachableError } from './documents/read-model-store';
import { reportStartFailure } from './start-failure';

describe('reportStartFailure', () => {
  it('says in one plain line, without a stack, that the event store server does not answer', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const log = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };
    try {
      reportStartFailure(log, new EventStoreUnreachableError('KurrentDB', 'db:2113', 'UnavailableError'));
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([
      'cannot reach KurrentDB at db:2113 (UnavailableError); check EVENT_STORE_URL and that the server is up\n',
    ]);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('says as plainly that the read models MongoDB cannot be used', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const log = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };
    try {
      reportStartFailure(log, new DocumentStoreUnreachableError('db:27017', 'a standalone server'));
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([
      'cannot use MongoDB at db:27017 (a standalone server); check DOCUMENTS_URL and that the server is up\n',
    ]);
    expect(log.error).not.toHaveBeenCalled();
  });
});
