import type { SettingsReader } from './settings';

/**
 * `NATS_STREAM_REPLICAS`: copies of each JetStream stream a NATS cluster keeps (1, or 3 for a three-node
 * cluster, so one node can fail); set when the streams are first created.
 */
export function readStreamReplicas(read: SettingsReader): number {
  const replicas = read.count('NATS_STREAM_REPLICAS', 1, 'the copies of each stream, 1 to 5');
  if (replicas > 5)
    read.problems.push(`NATS_STREAM_REPLICAS="${replicas}": JetStream keeps at most 5 copies`);
  return replicas;
}
