import { describeObject, type KubeObject, render, renderWithComponents, K8S_DIR } from './kustomize';
import path from 'node:path';

/** What each rendering is and what it should hold. */
export interface Overlay {
  readonly name: string;
  readonly namespace: string;
  readonly render: () => KubeObject[];
  /** Secrets the manifests use but do not create: made by an operator, CloudNativePG or a secret manager. */
  readonly externalSecrets: readonly string[];
  readonly postgresInstances: number | undefined;
}

const PRODUCTION_SECRETS = ['studio-nats-users', 'studio-checkout', 'studio-mail', 'studio-backup-s3'];

export const OVERLAYS: readonly Overlay[] = [
  {
    name: 'dev',
    namespace: 'studio-dev',
    render: () => render(path.join(K8S_DIR, 'overlays', 'dev')),
    externalSecrets: ['studio-db-app'],
    postgresInstances: 1,
  },
  {
    name: 'production',
    namespace: 'studio',
    render: () => render(path.join(K8S_DIR, 'overlays', 'production')),
    externalSecrets: ['studio-db-app', ...PRODUCTION_SECRETS],
    postgresInstances: 3,
  },
  {
    name: 'dev with external-postgres',
    namespace: 'studio-dev',
    render: () => renderWithComponents('overlays/dev', ['components/external-postgres']),
    externalSecrets: ['studio-db-app'],
    postgresInstances: undefined,
  },
];

export const ofKind =
  <T>(kind: string) =>
  (objects: readonly KubeObject[]): T[] =>
    objects.filter((o) => o.kind === kind) as unknown as T[];

export function named<T extends { metadata?: { name?: string } }>(items: readonly T[], name: string): T {
  const found = items.find((item) => item.metadata?.name === name);
  if (!found) throw new Error(`nothing named ${name} among ${items.map((i) => i.metadata?.name).join(', ')}`);
  return found;
}

export const names = (objects: readonly KubeObject[]): string[] => objects.map(describeObject);
