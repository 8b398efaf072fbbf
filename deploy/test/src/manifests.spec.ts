import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@studio/contracts';
import { readSettings } from '@studio/service-kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { modelFor, schemaProblems } from './kubernetes-models.schema';
import { describeObject, type KubeObject, kustomizeUnavailable, REPO_ROOT } from './kustomize';
import { hasOperatorShape, operatorShapeProblems } from './operator-resources.schema';
import { named, ofKind, OVERLAYS } from './overlays';
import { unknownFieldProblems } from './unknown-fields.check';

const unavailable = kustomizeUnavailable();
const test = unavailable ? it.skip : it;
const title = (text: string) => (unavailable ? `${text} [skipped: ${unavailable}]` : text);

const natsServer = ['/usr/sbin/nats-server', 'nats-server'].find(
  (bin) => !spawnSync(bin, ['--version']).error,
);

const deployments = ofKind<IDeployment>('Deployment');
const statefulSets = ofKind<IStatefulSet>('StatefulSet');
const configMaps = ofKind<IConfigMap>('ConfigMap');
const app = (d: IDeployment): IContainer => d.spec!.template.spec!.containers.find((c) => c.name === 'app')!;
const serviceDeployment = (objects: KubeObject[], service: string) =>
  named(deployments(objects), `studio-${service}`);
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
const podLabels = (o: IDeployment | IStatefulSet) => o.spec!.template.metadata?.labels;

/** Every Secret an object reads: env, envFrom, volumes, and the backup store's credentials. */
function secretsReadBy(o: KubeObject): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (key === 'secretKeyRef' || key === 'secretRef') found.add(record.name as string);
      if (key === 'secret' && typeof record.secretName === 'string') found.add(record.secretName);
      if (key === 'accessKeyId' || key === 'secretAccessKey') found.add(record.name as string);
      for (const [k, v] of Object.entries(record)) walk(v, k);
    }
  };
  walk(o);
  return [...found];
}

describe.each(OVERLAYS.map((overlay) => [overlay.name, overlay] as const))(
  'deploy/k8s %s',
  (_name, overlay) => {
    let objects: KubeObject[] = [];
    beforeAll(() => {
      if (!unavailable) objects = overlay.render();
    });

    test(title('renders a Deployment for every service, NATS, the ingress and the network policies'), () => {
      const rendered = objects.map(describeObject);
      for (const service of SERVICE_NAMES) expect(rendered).toContain(`Deployment/studio-${service}`);
      expect(rendered).toEqual(
        expect.arrayContaining([
          `Namespace/${overlay.namespace}`,
          'StatefulSet/studio-nats',
          'Service/studio-gateway',
          'Ingress/studio-gateway',
          'NetworkPolicy/default-deny-ingress',
        ]),
      );
      expect(rendered.includes('Cluster/studio-db')).toBe(overlay.postgresInstances !== undefined);
    });

    test(
      title('every object validates against the Kubernetes schemas (operator resources: their CRD shape)'),
      () => {
        const problems = objects.flatMap((o) => {
          const known = modelFor(o);
          if (known) return schemaProblems(o, known) ?? [];
          if (hasOperatorShape(o)) return operatorShapeProblems(o) ?? [];
          return [`${describeObject(o)}: no schema known for ${o.apiVersion} ${o.kind}`];
        });
        expect(problems).toEqual([]);
      },
    );

    test(title('no object carries a field its type does not know (TypeScript excess-property check)'), () => {
      const typed = objects.flatMap((object) => {
        const known = modelFor(object);
        return known ? [{ object, known }] : [];
      });
      expect(unknownFieldProblems(typed)).toEqual([]);
    });

    test(title('every object is in the namespace of the overlay'), () => {
      const elsewhere = objects
        .filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== overlay.namespace)
        .map(describeObject);
      expect(elsewhere).toEqual([]);
    });

    test(
      title('each service: one image, probes on its own ports, requests and limits, non-root, read-only'),
      () => {
        const config = configMaps(objects).find((c) => c.metadata?.name?.startsWith('studio-config-'))!;
        for (const service of SERVICE_NAMES) {
          const deployment = serviceDeployment(objects, service);
          const pod = deployment.spec!.template.spec!;
          const container = app(deployment);
          expect(podLabels(deployment)?.['app.kubernetes.io/name']).toBe(service);
          expect(container.image).toMatch(/studio-portal:[\w.-]+$/);
          expect(container.args?.join(' ')).toContain('services/$(SERVICE)/');
          expect(container.env?.find((e) => e.name === 'SERVICE')?.valueFrom?.fieldRef?.fieldPath).toBe(
            "metadata.labels['app.kubernetes.io/name']",
          );
          const ports = new Map(container.ports?.map((p) => [p.name, p.containerPort]));
          // The gateway's /health/ready asks every service: as its probe, one service down would empty the Service.
          expect(container.readinessProbe?.httpGet?.path).toBe(
            service === 'gateway' ? '/health/live' : '/health/ready',
          );
          expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
          for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe])
            expect(ports.has(String(probe?.httpGet?.port))).toBe(true);
          if (ports.has('ops')) expect(String(ports.get('ops'))).toBe(config.data?.OPS_PORT);
          if (service === 'gateway') expect(String(ports.get('http'))).toBe(config.data?.PORT);
          for (const kind of ['requests', 'limits'] as const)
            expect(Object.keys(container.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
          expect(pod.securityContext?.runAsNonRoot).toBe(true);
          expect(container.securityContext).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          });
          expect(pod.topologySpreadConstraints?.length).toBeGreaterThan(0);
          expect(container.envFrom).toEqual([{ configMapRef: { name: config.metadata?.name } }]);
        }
      },
    );

    test(
      title('each service starts its compiled entry point, which the build makes and the image keeps'),
      () => {
        const dockerfile = readFileSync(path.join(REPO_ROOT, 'deploy/docker/Dockerfile'), 'utf8');
        expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
        for (const service of SERVICE_NAMES) {
          const container = app(serviceDeployment(objects, service));
          const argv = [...(container.command ?? []), ...(container.args ?? [])].map((arg) =>
            arg.replace('$(SERVICE)', service),
          );
          expect(argv).toEqual(['node', `dist/services/${service}/src/main.js`]);
          expect([service, existsSync(path.join(REPO_ROOT, argv[1]!))]).toEqual([service, true]);
        }
      },
    );

    test(title("the ConfigMap's settings pass the services' own start-up check"), () => {
      const config = configMaps(objects).find((c) => c.metadata?.name?.startsWith('studio-config-'))!;
      const secretsStandIns = {
        EVENT_STORE_URL: 'postgres://db/studio',
        DOCUMENTS_URL: 'postgres://db/studio',
      };
      expect(() => readSettings({ ...config.data, ...secretsStandIns })).not.toThrow();
    });

    test(title('disruption budgets cover every workload; autoscalers every service'), () => {
      const budgets = ofKind<IPodDisruptionBudget>('PodDisruptionBudget')(objects);
      for (const workload of [...deployments(objects), ...statefulSets(objects)]) {
        if (workload.metadata?.name === 'studio-mailpit') continue;
        const covering = budgets.filter((b) => selects(b.spec?.selector?.matchLabels, podLabels(workload)));
        expect([workload.metadata?.name, covering.length]).toEqual([workload.metadata?.name, 1]);
      }
      const scalers = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler')(objects);
      const scaled = scalers.map((s) => s.spec?.scaleTargetRef.name).sort();
      // Replicas share requests and durable consumers alike: every service scales out.
      const expected = SERVICE_NAMES.map((s) => `studio-${s}`);
      expect(scaled).toEqual(expected.sort());
      for (const name of scaled)
        expect(deployments(objects).some((d) => d.metadata?.name === name)).toBe(true);
    });

    test(
      title('each service has its own NATS user, whose password the NATS pods and the service read'),
      () => {
        const nats = named(statefulSets(objects), 'studio-nats');
        const natsEnv = nats.spec!.template.spec!.containers[0]!.env ?? [];
        const conf = configMaps(objects).find((c) => c.metadata?.name?.startsWith('studio-nats-config-'))!
          .data!['nats.conf']!;
        const users = new Map(
          [...conf.matchAll(/\{\s*user:\s*([\w-]+),\s*password:\s*\$(\w+)/g)].map((m) => [m[1]!, m[2]!]),
        );
        for (const service of SERVICE_NAMES) {
          const variable = users.get(service);
          expect([service, variable]).toEqual([service, expect.any(String)]);
          const fromSecret = natsEnv.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
          expect(fromSecret).toMatchObject({
            name: expect.stringMatching(/^studio-nats-users/),
            key: service,
          });
          const serviceEnv = app(serviceDeployment(objects, service)).env ?? [];
          expect(serviceEnv.find((e) => e.name === 'NATS_USER')?.value).toBe('$(SERVICE)');
          expect(serviceEnv.find((e) => e.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual(
            fromSecret,
          );
        }
      },
    );

    (natsServer && !unavailable ? it : it.skip)(
      natsServer
        ? title('nats-server accepts the NATS configuration')
        : 'nats-server accepts the NATS configuration [skipped: nats-server is not installed]',
      () => {
        const nats = named(statefulSets(objects), 'studio-nats');
        const env = Object.fromEntries(
          (nats.spec!.template.spec!.containers[0]!.env ?? []).map((e) => [e.name, `${e.name}-stand-in`]),
        );
        const conf = configMaps(objects).find((c) => c.metadata?.name?.startsWith('studio-nats-config-'))!
          .data!['nats.conf']!;
        const dir = mkdtempSync(path.join(tmpdir(), 'studio-nats-conf-'));
        try {
          writeFileSync(path.join(dir, 'nats.conf'), conf);
          const check = spawnSync(natsServer!, ['-t', '-c', path.join(dir, 'nats.conf')], {
            env: { ...process.env, ...env },
            encoding: 'utf8',
          });
          expect([check.status, check.stderr.trim()]).toEqual([0, expect.stringContaining('is valid')]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    test(
      title('only the gateway takes traffic from outside the cluster; services reach NATS and PostgreSQL'),
      () => {
        const policies = ofKind<INetworkPolicy>('NetworkPolicy')(objects);
        const denyAll = named(policies, 'default-deny-ingress');
        expect(denyAll.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
        const openToOutside = policies.filter((p) =>
          (p.spec?.ingress ?? []).some((rule) => !rule.from || rule.from.some((peer) => peer.ipBlock)),
        );
        expect(openToOutside.map((p) => p.spec?.podSelector.matchLabels)).toEqual([
          { 'app.kubernetes.io/name': 'gateway' },
        ]);
        const egress = named(policies, 'studio-services').spec?.egress ?? [];
        const egressPorts = egress.flatMap((rule) => rule.ports?.map((p) => p.port) ?? []);
        expect(egressPorts).toEqual(expect.arrayContaining([4222, 5432, 53]));
      },
    );

    test(title("the ingress sends outside traffic to the gateway's HTTP port"), () => {
      const ingress = named(ofKind<IIngress>('Ingress')(objects), 'studio-gateway');
      const backends = ingress.spec?.rules?.flatMap((r) => r.http?.paths.map((p) => p.backend.service)) ?? [];
      const gateway = named(ofKind<IService>('Service')(objects), 'studio-gateway');
      expect(backends).toEqual([{ name: 'studio-gateway', port: { name: 'http' } }]);
      expect(gateway.spec?.selector).toEqual({ 'app.kubernetes.io/name': 'gateway' });
      expect(gateway.spec?.ports?.map((p) => [p.name, p.targetPort])).toEqual([['http', 'http']]);
    });

    test(
      title('secrets: only those the overlay generates or documents; none with a value in production'),
      () => {
        const rendered = objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name);
        const read = [...new Set(objects.flatMap(secretsReadBy))];
        const fromElsewhere = read.filter((name) => !rendered.includes(name)).sort();
        expect(fromElsewhere).toEqual([...overlay.externalSecrets].filter((s) => read.includes(s)).sort());
        if (overlay.namespace === 'studio') expect(rendered).toEqual([]);
      },
    );

    test(
      title('PostgreSQL: the instances the overlay wants, backups in production, or an external URL'),
      () => {
        const clusters = objects.filter((o) => o.kind === 'Cluster');
        if (overlay.postgresInstances === undefined) {
          expect(clusters).toEqual([]);
          return;
        }
        const cluster = clusters[0] as KubeObject & { spec: { instances: number; plugins?: unknown[] } };
        expect(cluster.spec.instances).toBe(overlay.postgresInstances);
        const backups = objects.filter((o) => o.kind === 'ScheduledBackup');
        if (overlay.namespace === 'studio') {
          expect(backups.map((b) => (b as KubeObject & { spec: { cluster: unknown } }).spec.cluster)).toEqual(
            [{ name: 'studio-db' }],
          );
          const store = objects.find((o) => o.kind === 'ObjectStore')!;
          expect(cluster.spec.plugins).toEqual([
            expect.objectContaining({
              isWALArchiver: true,
              parameters: { barmanObjectName: store.metadata.name },
            }),
          ]);
        }
      },
    );
  },
);
