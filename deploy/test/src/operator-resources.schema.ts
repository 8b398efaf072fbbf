import Ajv, { type AnySchema } from 'ajv';
import { describeObject, type KubeObject } from './kustomize';

/*
 * No kubernetes-models package exists for CloudNativePG (Cluster, ScheduledBackup) or its Barman Cloud plugin
 * (ObjectStore), so these are checked structurally: the fields these manifests use, with their types and
 * allowed values, as the operators' CRDs (CloudNativePG 1.30, plugin 0.14) define them. Unknown fields fail
 * where a section is listed in full; the rest of each spec is left to the CRD on apply.
 */

const string = { type: 'string', minLength: 1 } as const;
const integer = { type: 'integer', minimum: 1 } as const;
const quantity = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$' } as const;
const closed = (properties: Record<string, AnySchema>, required: string[] = []): AnySchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const secretKey = closed({ name: string, key: string }, ['name', 'key']);
const metadata = {
  type: 'object',
  properties: { name: string, namespace: string, labels: { type: 'object' } },
  required: ['name'],
};
const resources = closed({
  requests: closed({ cpu: quantity, memory: quantity }),
  limits: closed({ cpu: quantity, memory: quantity }),
});
const storage = closed({ size: quantity, storageClass: string, resizeInUseVolumes: { type: 'boolean' } }, [
  'size',
]);

const CLUSTER_SPEC_FIELDS = [
  'affinity', 'backup', 'bootstrap', 'certificates', 'description', 'enablePDB', 'enableSuperuserAccess', 'env',
  'envFrom', 'ephemeralVolumeSource', 'ephemeralVolumesSizeLimit', 'externalClusters', 'failoverDelay',
  'imageCatalogRef', 'imageName', 'imagePullPolicy', 'imagePullSecrets', 'inheritedMetadata', 'instances',
  'livenessProbeTimeout', 'logLevel', 'managed', 'maxSyncReplicas', 'minSyncReplicas', 'monitoring',
  'nodeMaintenanceWindow', 'plugins', 'podSecurityContext', 'podSelectorRefs', 'postgresGID', 'postgresUID',
  'postgresql', 'primaryLease', 'primaryUpdateMethod', 'primaryUpdateStrategy', 'priorityClassName', 'probes',
  'projectedVolumeTemplate', 'replica', 'replicationSlots', 'resources', 'schedulerName', 'seccompProfile',
  'securityContext', 'serviceAccountName', 'serviceAccountTemplate', 'smartShutdownTimeout', 'startDelay',
  'stopDelay', 'storage', 'superuserSecret', 'switchoverDelay', 'tablespaces', 'topologySpreadConstraints',
  'walStorage',
]; // prettier-ignore

const cluster: AnySchema = {
  type: 'object',
  properties: {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'Cluster' },
    metadata,
    spec: {
      type: 'object',
      propertyNames: { enum: CLUSTER_SPEC_FIELDS },
      required: ['instances'],
      properties: {
        instances: integer,
        imageName: { type: 'string', pattern: '^[^:]+:[^:]+$' },
        primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
        enableSuperuserAccess: { type: 'boolean' },
        bootstrap: closed({
          initdb: closed({ database: string, owner: string, dataChecksums: { type: 'boolean' } }),
        }),
        postgresql: closed({
          parameters: { type: 'object', additionalProperties: { type: 'string' } },
          synchronous: closed(
            {
              method: { enum: ['any', 'first'] },
              number: integer,
              dataDurability: { enum: ['required', 'preferred'] },
            },
            ['method', 'number'],
          ),
        }),
        storage,
        walStorage: storage,
        affinity: closed({
          enablePodAntiAffinity: { type: 'boolean' },
          podAntiAffinityType: { enum: ['preferred', 'required'] },
          topologyKey: string,
        }),
        resources,
        plugins: {
          type: 'array',
          items: closed(
            {
              name: string,
              enabled: { type: 'boolean' },
              isWALArchiver: { type: 'boolean' },
              parameters: { type: 'object', additionalProperties: { type: 'string' } },
            },
            ['name'],
          ),
        },
      },
    },
  },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
};

const scheduledBackup: AnySchema = {
  type: 'object',
  properties: {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'ScheduledBackup' },
    metadata,
    spec: closed(
      {
        // Six fields: seconds first.
        schedule: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
        cluster: closed({ name: string }, ['name']),
        backupOwnerReference: { enum: ['none', 'self', 'cluster'] },
        method: { enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] },
        pluginConfiguration: closed(
          { name: string, parameters: { type: 'object', additionalProperties: { type: 'string' } } },
          ['name'],
        ),
        immediate: { type: 'boolean' },
        suspend: { type: 'boolean' },
      },
      ['schedule', 'cluster'],
    ),
  },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
};

const walCompression = { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] };
const dataCompression = { enum: ['bzip2', 'gzip', 'lz4', 'snappy'] };
const objectStore: AnySchema = {
  type: 'object',
  properties: {
    apiVersion: { const: 'barmancloud.cnpg.io/v1' },
    kind: { const: 'ObjectStore' },
    metadata,
    spec: closed(
      {
        retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
        configuration: closed(
          {
            destinationPath: { type: 'string', pattern: '^(s3|gs|https?)://' },
            endpointURL: string,
            s3Credentials: closed({ accessKeyId: secretKey, secretAccessKey: secretKey }),
            wal: closed({ compression: walCompression, maxParallel: integer }),
            data: closed({ compression: dataCompression, jobs: integer }),
          },
          ['destinationPath'],
        ),
      },
      ['configuration'],
    ),
  },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
};

const ajv = new Ajv({ allErrors: true, strict: true });
const SHAPES = new Map(
  Object.entries({
    'postgresql.cnpg.io/v1/Cluster': ajv.compile(cluster),
    'postgresql.cnpg.io/v1/ScheduledBackup': ajv.compile(scheduledBackup),
    'barmancloud.cnpg.io/v1/ObjectStore': ajv.compile(objectStore),
  }),
);

export const hasOperatorShape = (o: KubeObject): boolean => SHAPES.has(`${o.apiVersion}/${o.kind}`);

/** What the structural check finds wrong with an operator resource, or undefined. */
export function operatorShapeProblems(o: KubeObject): string | undefined {
  const validate = SHAPES.get(`${o.apiVersion}/${o.kind}`);
  if (!validate) return `${describeObject(o)}: no structural check for ${o.apiVersion} ${o.kind}`;
  if (validate(o)) return undefined;
  return `${describeObject(o)}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`;
}
