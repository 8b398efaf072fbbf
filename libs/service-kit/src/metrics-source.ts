import { register as defaultRegistry, type Registry } from 'prom-client';

/**
 * The service's Prometheus metrics: its own, and the bus's (in prom-client's default registry, labelled by
 * service). Provided as a value by the ops module.
 */
export class MetricsSource {
  constructor(private readonly registry: Registry) {}

  get contentType(): string {
    return this.registry.contentType;
  }

  async text(): Promise<string> {
    return (await this.registry.metrics()) + (await defaultRegistry.metrics());
  }
}
