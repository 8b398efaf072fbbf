import { BUS_ACCESS, RequestSubject, servedBy } from '@studio/contracts';
import { InProcessBus, InProcessHub, InProcessRequestServer } from '@studio/messaging';
import { checkHandlers, declaredBus, declaredRequester } from './bus-access';

const serverWith = (handlers: readonly [pattern: string, isEvent: boolean][]) => {
  const server = new InProcessRequestServer(new InProcessHub(), 'test');
  for (const [pattern, isEvent] of handlers) server.addHandler(pattern, () => Promise.resolve(), isEvent);
  return server;
};
const projectorHandlers = (): [string, boolean][] => [
  ...servedBy('projector').map((subject): [string, boolean] => [subject, false]),
  ...BUS_ACCESS.projector.consumes.map((pattern): [string, boolean] => [pattern, true]),
];

describe('a service held to its entry in BUS_ACCESS', () => {
  const access = BUS_ACCESS.projector;

  it('starts when it answers and consumes exactly what its entry lists', () => {
    expect(() => checkHandlers('projector', access, serverWith(projectorHandlers()))).not.toThrow();
  });

  it('refuses to start with a handler its entry does not list, or without one it lists', () => {
    const extra = serverWith([...projectorHandlers(), [RequestSubject.addClient, false]]);
    expect(() => checkHandlers('projector', access, extra)).toThrow(
      'projector answers ["registry.clients.add"] not listed in libs/contracts/src/bus.access.ts',
    );
    const without = serverWith(projectorHandlers().filter(([pattern]) => pattern !== 'mail.delivery'));
    expect(() => checkHandlers('projector', access, without)).toThrow('which lists ["mail.delivery"]');
  });

  it('sends only the requests its entry lists', async () => {
    const sent: string[] = [];
    const requester = declaredRequester('projector', access, {
      request: <V>(subject: string) => {
        sent.push(subject);
        return Promise.resolve({} as V);
      },
      close: () => Promise.resolve(),
    });
    await requester.request(RequestSubject.readEvents, {});
    await expect(requester.request(RequestSubject.addClient, {})).rejects.toThrow(
      'projector requests registry.clients.add, not listed',
    );
    expect(sent).toEqual([RequestSubject.readEvents]);
  });

  it('publishes only on the subjects its entry lists', async () => {
    const inner = new InProcessBus(() => undefined);
    try {
      const bus = declaredBus('notification', BUS_ACCESS.notification, inner);
      await bus.publish('mail.delivery', {}, { msgId: 'a' });
      await expect(bus.publish('events.client.ClientActivated', {}, { msgId: 'b' })).rejects.toThrow(
        'notification publishes events.client.ClientActivated, not listed',
      );
    } finally {
      await inner.close();
    }
  });
});
