import {
  alertRules,
  dashboard,
  dashboardExpressions,
  metricsUsedByMonitoring,
  operationsAnchors,
  readPromql,
} from './monitoring-files';

describe('deploy/monitoring', () => {
  it('every alert and dashboard expression is valid PromQL and names at least one metric', () => {
    const expressions = [
      ...alertRules().map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
      ...dashboardExpressions(),
    ];
    const bad = expressions.filter(({ expr }) => {
      const read = readPromql(expr);
      return !read.valid || read.metrics.length === 0;
    });
    expect(bad).toEqual([]);
  });

  it('every alert has a severity, a summary and a runbook section in docs/operations.md', () => {
    const anchors = operationsAnchors();
    for (const rule of alertRules()) {
      expect([rule.alert, rule.labels?.severity]).toEqual([
        rule.alert,
        expect.stringMatching(/^(warning|critical)$/),
      ]);
      expect([rule.alert, rule.annotations?.summary]).toEqual([rule.alert, expect.any(String)]);
      const runbook = /^docs\/operations\.md#(.+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
      expect([rule.alert, runbook && anchors.has(runbook)]).toEqual([rule.alert, true]);
      expect(runbook).toBe(rule.alert.toLowerCase());
    }
  });

  it('alerts cover consumer lag, dead letters, delivery failures, 5xx rate and p99 latency', () => {
    const used = new Set(alertRules().flatMap((rule) => readPromql(rule.expr).metrics));
    for (const metric of [
      'studio_consumer_pending_messages',
      'studio_dead_letters_total',
      'studio_mail_deliveries_total',
      'studio_http_requests_total',
      'studio_http_request_duration_seconds_bucket',
    ])
      expect(used).toContain(metric);
  });

  it('the dashboard has unique panel ids and a query in every panel', () => {
    const board = dashboard();
    const ids = board.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const empty = board.panels.filter((panel) => panel.type !== 'row' && !panel.targets?.length);
    expect(empty).toEqual([]);
  });

  it('uses only metric names the services define (the e2e check scrapes them from a running system)', () => {
    const foreign = metricsUsedByMonitoring().filter((name) => !/^(studio_|process_|nodejs_)/.test(name));
    expect(foreign).toEqual([]);
  });
});
