export { readSettings, required, SettingsError, type Settings } from './settings';
export { systemClock, type Clock } from './clock';
export { JsonLogger } from './json-logger';
export { PORTS, portsProvider, type ServiceDefinition, type ServicePorts } from './service-definition';
export { opsModule, Readiness, METRICS } from './ops.module';
export { startServiceApp, type ServiceTransports } from './service-app';
export { startInProcess, type InProcessOptions, type InProcessSystem } from './in-process.system';
export { ProblemFilter } from './problem.filter';
export { runService } from './run-service';
