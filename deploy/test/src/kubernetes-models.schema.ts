import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { describeObject, type KubeObject } from './kustomize';

/** A kubernetes-models class: built from an object, it checks it against the published OpenAPI schema. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: object): { validate(): void };
}

const isModelClass = (value: unknown): value is ModelClass =>
  typeof value === 'function' &&
  typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
  typeof (value as Partial<ModelClass>).kind === 'string';

/** Where each model's TypeScript interface lives (for the unknown-field check), by API group. */
const MODULES = [
  { module: coreV1, path: 'kubernetes-models/v1' },
  { module: appsV1, path: 'kubernetes-models/apps/v1' },
  { module: autoscalingV2, path: 'kubernetes-models/autoscaling/v2' },
  { module: networkingV1, path: 'kubernetes-models/networking.k8s.io/v1' },
  { module: policyV1, path: 'kubernetes-models/policy/v1' },
  { module: monitoringV1, path: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1' },
];

export interface KnownModel {
  readonly model: ModelClass;
  /** Module and interface name of its type, e.g. `kubernetes-models/apps/v1/Deployment`, `IDeployment`. */
  readonly typeModule: string;
  readonly typeName: string;
}

const MODELS = new Map<string, KnownModel>(
  MODULES.flatMap(({ module, path }) =>
    Object.values(module)
      .filter(isModelClass)
      .map((model): [string, KnownModel] => [
        `${model.apiVersion}/${model.kind}`,
        { model, typeModule: `${path}/${model.kind}`, typeName: `I${model.kind}` },
      ]),
  ),
);

export const modelFor = (o: KubeObject): KnownModel | undefined => MODELS.get(`${o.apiVersion}/${o.kind}`);

/** The schema's complaints about one object (types, required fields, formats, enums), or none. */
export function schemaProblems(o: KubeObject, known: KnownModel): string | undefined {
  try {
    new known.model(o).validate();
    return undefined;
  } catch (error) {
    return `${describeObject(o)}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
