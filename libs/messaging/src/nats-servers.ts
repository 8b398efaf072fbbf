/**
 * NATS_URL names one server or, for a cluster, several separated by commas
 * (`nats://a:4222,nats://b:4222,nats://c:4222`): a client connects to any and moves to another when it goes.
 */
export const natsServers = (natsUrl: string): string[] =>
  natsUrl
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
