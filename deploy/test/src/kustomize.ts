import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
export const K8S_DIR = path.join(REPO_ROOT, 'deploy', 'k8s');
export const MONITORING_DIR = path.join(REPO_ROOT, 'deploy', 'monitoring');

/** A rendered Kubernetes object, as much of it as the checks read. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export const describeObject = (o: KubeObject): string => `${o.kind}/${o.metadata.name}`;

/**
 * Why `kubectl kustomize` cannot render the overlays here, or undefined when it can. The overlays use
 * kustomize v5 features (components, `labels` with templates), so an older kubectl (Debian's 1.20) is no use.
 */
export function kustomizeUnavailable(): string | undefined {
  const probe = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (probe.error) return 'kubectl is not installed (bash .ci/run installs it with apt-get)';
  const { clientVersion, kustomizeVersion } = JSON.parse(probe.stdout) as {
    clientVersion?: { gitVersion?: string };
    kustomizeVersion?: string;
  };
  const major = Number(/^v(\d+)\./.exec(kustomizeVersion ?? '')?.[1] ?? 0);
  if (major >= 5) return undefined;
  return `kubectl ${clientVersion?.gitVersion ?? '?'} bundles kustomize ${kustomizeVersion ?? '(none)'}; the overlays need v5`;
}

/** `kubectl kustomize <dir>`: every object the directory renders. */
export function render(dir: string): KubeObject[] {
  const yaml = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as KubeObject);
}

/**
 * Renders an overlay with extra components (kustomize refuses absolute paths, so a temporary kustomization
 * reaches deploy/k8s through a symlink).
 */
export function renderWithComponents(overlay: string, components: readonly string[]): KubeObject[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-kustomize-'));
  try {
    symlinkSync(K8S_DIR, path.join(dir, 'k8s'));
    const list = (paths: readonly string[]) => paths.map((p) => `k8s/${p}`).join(', ');
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      `resources: [${list([overlay])}]\ncomponents: [${list(components)}]\n`,
    );
    return render(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
