import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  HttpException,
  Inject,
  Module,
  type Type,
} from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { readySubject, type ServiceName } from '@studio/contracts';
import { collectDefaultMetrics, register as defaultRegistry, Registry } from 'prom-client';

/** Whether the service is ready: set once it is migrated, connected and consuming. */
export class Readiness {
  ready = false;
}

/**
 * Liveness, readiness and Prometheus metrics over HTTP, and readiness over the bus (the gateway's
 * `/health/ready` asks every service). The gateway adds its own readiness that checks the others.
 */
export function opsModule(service: ServiceName, options: { httpReadiness: boolean }): DynamicModule {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  @Controller('health')
  class LiveController {
    @Get('live')
    live() {
      return { status: 'ok' };
    }
  }

  @Controller('health')
  class ReadyController {
    constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

    @Get('ready')
    ready() {
      if (!this.readiness.ready) throw new HttpException({ status: 'starting' }, 503);
      return { status: 'ok' };
    }
  }

  @Controller()
  class BusReadyController {
    constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

    @MessagePattern(readySubject(service))
    ready() {
      return { service, ready: this.readiness.ready };
    }
  }

  @Controller()
  class MetricsController {
    @Get('metrics')
    @Header('Content-Type', registry.contentType)
    async metrics() {
      // The service's own metrics, and the bus's (in prom-client's default registry, labelled by service).
      return (await registry.metrics()) + (await defaultRegistry.metrics());
    }
  }

  const controllers: Type[] = [LiveController, BusReadyController, MetricsController];
  if (options.httpReadiness) controllers.push(ReadyController);
  @Module({})
  class OpsModule {}
  return {
    module: OpsModule,
    global: true,
    controllers,
    providers: [Readiness],
    exports: [Readiness],
  };
}
