import { RequestSubject } from '@studio/contracts';
import { DEFAULT_NATS_SYSTEM, renderAccounts, systemUsers } from './nats-permissions';
import { subjectMatches } from './subject-match';

const users = systemUsers(DEFAULT_NATS_SYSTEM);
const who = (list: 'publish' | 'subscribe', subject: string): string[] =>
  users
    .filter((user) => user.permissions[list].some((filter) => subjectMatches(filter, subject)))
    .map((user) => user.name)
    .sort();
const on = (subject: string) => `studio.${subject}`;

describe('the NATS permissions generated from BUS_ACCESS', () => {
  it.each([
    RequestSubject.addClient,
    RequestSubject.updateClient,
    RequestSubject.sendInvitation,
    RequestSubject.revokeInvitation,
    RequestSubject.deactivateClient,
    RequestSubject.clientHistory,
    RequestSubject.authenticate,
    RequestSubject.signOut,
    RequestSubject.verifyEmail,
    RequestSubject.listClients,
    RequestSubject.createProject,
    RequestSubject.listProjects,
  ])('only the gateway may send %s: the principal it carries is one the gateway authenticated', (subject) => {
    expect(who('publish', on(subject))).toEqual(['gateway']);
  });

  it('the operations and the read models’ rebuilds are the operators’ alone', () => {
    for (const subject of ['ops.client-registry.stream', 'ops.invitation.sweep', 'ops.projector.lag'])
      expect(who('publish', on(subject))).toEqual(['ops']);
    expect(who('publish', on(RequestSubject.rebuildClientIndex))).toEqual(['ops']);
    expect(who('publish', on(RequestSubject.rebuildProjects))).toEqual(['ops']);
  });

  it('each durable subject has the publishers it should, and only those', () => {
    expect(who('publish', on('events.client.ClientActivated'))).toEqual(['client-registry']);
    expect(who('publish', on('events.project.ProjectCreated'))).toEqual(['client-registry']);
    expect(who('publish', on('mail.requests'))).toEqual(['identity', 'invitation']);
    expect(who('publish', on('mail.delivery'))).toEqual(['notification']);
    expect(who('publish', on('mail.studio-verified'))).toEqual(['identity']);
    expect(who('publish', on('dead.projector.x'))).toEqual([]);
  });

  it('a request subject is read by the one service that answers it; replies by their requester alone', () => {
    expect(who('subscribe', on(RequestSubject.addClient))).toEqual(['client-registry']);
    expect(who('subscribe', on(RequestSubject.authenticate))).toEqual(['identity']);
    for (const user of users) expect(who('subscribe', `_INBOX_${user.name}.abc`)).toEqual([user.name]);
    expect(who('subscribe', '_INBOX.abc')).toEqual([]);
  });

  it('no one may touch another service’s consumer, or the JetStream API beyond the streams', () => {
    const ack = '$JS.ACK.STUDIO_EVENTS.studio-projector_events_client_.1.2.3.4.5';
    expect(who('publish', ack)).toEqual(['projector']);
    expect(who('publish', '$JS.API.CONSUMER.DELETE.STUDIO_EVENTS.studio-projector_events_client_')).toEqual(
      [],
    );
    expect(who('publish', '$JS.API.STREAM.DELETE.STUDIO_EVENTS')).toEqual([]);
    expect(who('publish', '$JS.API.STREAM.PURGE.STUDIO_MAIL')).toEqual([]);
  });

  it('only the consumers of a work queue may delete its messages (what JetStream lost track of, once handled)', () => {
    expect(who('publish', '$JS.API.STREAM.MSG.DELETE.STUDIO_MAIL')).toEqual(['notification', 'projector']);
    expect(who('publish', '$JS.API.STREAM.MSG.DELETE.STUDIO_EVENTS')).toEqual([]);
    expect(who('publish', '$JS.API.STREAM.MSG.DELETE.STUDIO_DEAD')).toEqual([]);
  });

  it('renders a user per service, the operators, the checkout and the system account, each password from its own variable', () => {
    const config = renderAccounts([DEFAULT_NATS_SYSTEM]);
    expect(
      [...config.matchAll(/\{ user: ([\w-]+), password: \$(\w+)/g)].map((m) => `${m[1]}=${m[2]}`),
    ).toEqual([
      'gateway=NATS_PASSWORD_GATEWAY',
      'client-registry=NATS_PASSWORD_CLIENT_REGISTRY',
      'invitation=NATS_PASSWORD_INVITATION',
      'identity=NATS_PASSWORD_IDENTITY',
      'notification=NATS_PASSWORD_NOTIFICATION',
      'projector=NATS_PASSWORD_PROJECTOR',
      'projects=NATS_PASSWORD_PROJECTS',
      'ops=NATS_PASSWORD_OPS',
      'checkout=NATS_PASSWORD_CHECKOUT',
      'system=NATS_PASSWORD_SYSTEM',
    ]);
  });
});
