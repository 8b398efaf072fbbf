export {
  readCommonSettings,
  natsEndpoint,
  readSettings,
  required,
  SettingsError,
  SettingsReader,
  sqlStateUrl,
  type Settings,
} from './settings';
export { reportStartFailure } from './start-failure';
export { systemClock, type Clock } from './clock';
export { JsonLogger } from './json-logger';
export {
  CLOCK,
  COMMON_SETTINGS,
  DATABASE,
  DURABLE_BUS,
  LINK_SEALER,
  portProviders,
  readServiceSettings,
  REQUESTER,
  SETTINGS,
  type ServiceDefinition,
  type ServicePorts,
} from './service-definition';
export { opsModule, Readiness } from './ops.module';
export { MetricsSource } from './metrics-source';
export { READINESS_PROBE, type ReadinessProbe } from './ops-server';
export { startServiceApp, type ServiceTransports } from './service-app';
export { startInProcess, type InProcessOptions, type InProcessSystem } from './in-process.system';
export { ProblemFilter } from './problem.filter';
export { runService } from './run-service';
export { OutboxService } from './outbox.service';
export { LinkSealer, newLinkKey, parseLinkKey } from './link-sealer';
export { adminModule, masked, operatorOf } from './admin.module';
export { EVENT_STORE, eventStoreProviders } from './event-store.providers';
export { doneSummary, RebuildJournal, type RebuildRun, runFigures } from './rebuild/rebuild-journal';
export { rebuildsTableDdl } from './rebuild/rebuilds-table';
export { READ_MODEL_STORE, readModelStoreProviders, type ReadModelStore } from './documents/read-model-store';
export { type RebuildPhase, type RebuildStatus } from './rebuild/rebuild-status';
