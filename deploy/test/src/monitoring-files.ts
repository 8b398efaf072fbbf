import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { MONITORING_DIR, REPO_ROOT } from './kustomize';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}
export interface Dashboard {
  readonly panels: readonly DashboardPanel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly definition?: string }[] };
}

export function alertRules(): AlertRule[] {
  const rule = parse(readFileSync(path.join(MONITORING_DIR, 'prometheus-rule.yaml'), 'utf8')) as {
    spec: { groups: { rules: AlertRule[] }[] };
  };
  return rule.spec.groups.flatMap((group) => group.rules);
}

export function dashboard(): Dashboard {
  return JSON.parse(
    readFileSync(path.join(MONITORING_DIR, 'studio-portal.dashboard.json'), 'utf8'),
  ) as Dashboard;
}

/** Every PromQL expression of the dashboard: panel queries, and the metric of each `label_values(...)` variable. */
export function dashboardExpressions(board: Dashboard = dashboard()): { where: string; expr: string }[] {
  const panels = board.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr })),
  );
  const variables = board.templating.list.flatMap((variable) => {
    const selector = /^label_values\((.+),\s*\w+\)$/.exec(variable.definition ?? '')?.[1];
    return selector ? [{ where: `variable $${variable.name}`, expr: selector }] : [];
  });
  return [...panels, ...variables];
}

/** Grafana's variables, replaced by values PromQL accepts. */
const withoutGrafanaVariables = (expr: string): string =>
  expr.replace(/\$__(rate_)?interval/g, '5m').replace(/\$\{?(\w+)\}?/g, '$1');

/** Parses a PromQL expression: its metric names, and whether it parsed cleanly. */
export function readPromql(expr: string): { metrics: string[]; valid: boolean } {
  const text = withoutGrafanaVariables(expr);
  const metrics = new Set<string>();
  let valid = true;
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) valid = false;
      if (node.name === 'VectorSelector') {
        const name = node.node.getChild('Identifier');
        if (name) metrics.add(text.slice(name.from, name.to));
      }
    },
  });
  return { metrics: [...metrics], valid };
}

/** Every metric name the alerts and the dashboard use. */
export function metricsUsedByMonitoring(): string[] {
  const expressions = [
    ...alertRules().map((rule) => rule.expr),
    ...dashboardExpressions().map((d) => d.expr),
  ];
  return [...new Set(expressions.flatMap((expr) => readPromql(expr).metrics))].sort();
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

export function operationsAnchors(): Set<string> {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  return new Set([...doc.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1]!)));
}
